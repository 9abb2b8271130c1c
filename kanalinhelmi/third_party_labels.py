"""Labels of third-party apps shown in the back-office, so that they get a Finnish and a
Swedish translation in this project's catalogue: django-axes, django-auditlog and
django-otp ship neither (issue 11 item 9).

The strings below are the apps' own message ids, exactly as they wrap them in
gettext (their models' and fields' names, the audit log's section heading
"Audit log", its admin columns and filters, the two-step login form's
messages); ``tests/audit/test_third_party_labels.py`` checks each app's
catalogue against this list, so an upgrade that adds a string fails a test.

django-otp names its device fields with plain English strings no catalogue
can translate; ``relabel_authenticator_fields`` gives them labels of ours.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

AXES_MODEL_NAMES = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
]

# The back-office index's hidden table captions, read out by screen readers
# (django/contrib/admin/templates/admin/app_list.html); Django's Finnish
# catalogue leaves them untranslated (issue 16).
ADMIN_INDEX_CAPTIONS = [
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
]

# django-post-office, the mail queue (S40); it ships no Finnish or Swedish.
MAIL_QUEUE_LABELS = [
    pgettext_lazy("Email address", "Email"),
    pgettext_lazy("Email addresses", "Emails"),
    gettext_noop("Log"),
    gettext_noop("Logs"),
    gettext_noop("sent"),
    gettext_noop("failed"),
    gettext_noop("queued"),
    gettext_noop("requeued"),
    gettext_noop("Status"),
]
AUDITLOG_LABELS = [
    gettext_noop("Audit log"),
    gettext_noop("Audit log: %s"),
    gettext_noop("log entry"),
    gettext_noop("log entries"),
    gettext_noop("content type"),
    gettext_noop("object pk"),
    gettext_noop("object id"),
    gettext_noop("object representation"),
    gettext_noop("action"),
    gettext_noop("change message"),
    gettext_noop("actor"),
    gettext_noop("Correlation ID"),
    gettext_noop("remote address"),
    gettext_noop("remote port"),
    gettext_noop("timestamp"),
    gettext_noop("additional data"),
    gettext_noop("actor email"),
    gettext_noop("create"),
    gettext_noop("update"),
    gettext_noop("delete"),
    gettext_noop("access"),
    gettext_noop("Created {repr:s}"),
    gettext_noop("Updated {repr:s}"),
    gettext_noop("Deleted {repr:s}"),
    gettext_noop("Logged {repr:s}"),
    gettext_noop("Changes"),
    gettext_noop("Resource Type"),
    gettext_noop("Click to filter by records with this correlation id"),
    gettext_noop("Created"),
    gettext_noop("User"),
    gettext_noop("Resource"),
    gettext_noop("View"),
    gettext_noop("Field"),
    gettext_noop("From"),
    gettext_noop("To"),
    gettext_noop("Relationship"),
    gettext_noop("Action"),
    gettext_noop("Objects"),
    gettext_noop("system"),
    gettext_noop("No field changes"),
    gettext_noop("Home"),
    gettext_noop("No log entries found."),
    ngettext_lazy("entry", "entries", "count"),
]

OTP_LABELS = [
    gettext_noop("Please enter your OTP token."),
    gettext_noop("Error generating challenge: {0}"),
    gettext_noop("The selected OTP device is not interactive"),
    gettext_noop("OTP Challenge: {0}"),
    gettext_noop("Invalid token. Please make sure you have entered it correctly."),
    ngettext_lazy(
        "Verification temporarily disabled because of %(failure_count)d failed attempt, please try again soon.",
        "Verification temporarily disabled because of %(failure_count)d failed attempts, please try again soon.",
        "failure_count",
    ),
    gettext_noop("Verification of the token is currently disabled"),
    gettext_noop("sent by email"),
    gettext_noop("Please correct the error below."),
    gettext_noop("Please correct the errors below."),
    gettext_noop(
        "You are authenticated as %(username)s, but are not authorized to access this page. "
        "Would you like to login to a different account?"
    ),
    gettext_noop("OTP Device:"),
    gettext_noop("OTP Token:"),
    gettext_noop("Forgotten your password or username?"),
    gettext_noop("Log in"),
    gettext_noop("Get OTP Challenge"),
]


def authenticator_field_labels():
    """Our labels for django-otp's TOTP device fields (plain English strings there).

    The help texts keep django-otp's English text as their message id: the
    migration autodetector compares help texts untranslated, so they stay
    equal to django-otp's and no migration of django-otp follows (a
    verbose_name is compared by the argument given, not the attribute).
    """
    return {
        "user": (_("staff member"), _("The user that this device belongs to.")),
        "name": (_("name"), _("The human-readable name of this device.")),
        "confirmed": (_("in use"), _("Is this device ready for use?")),
        "created_at": (
            _("enrolled"),
            _("The date and time when this device was initially created in the system."),
        ),
        "last_used_at": (_("last used"), _("The most recent date and time this device was used.")),
        "key": (_("secret key"), None),
        "step": (_("time step in seconds"), None),
        "t0": (_("start of the time steps"), None),
        "digits": (_("digits in a code"), None),
        "tolerance": (_("time steps allowed before or after"), None),
        "drift": (_("clock drift in time steps"), None),
        "last_t": (_("time step of the last code"), None),
        "throttling_failure_timestamp": (_("last failed code"), None),
        "throttling_failure_count": (_("failed codes in a row"), None),
    }


def relabel_authenticator_fields(model):
    """Give django-otp's TOTP device and its fields labels that the catalogue translates.

    Only the names shown change, so no migration of django-otp follows.
    """
    options = model._meta
    options.verbose_name = _("authenticator app")
    options.verbose_name_plural = _("authenticator apps")
    for name, (label, help_text) in authenticator_field_labels().items():
        model_field = options.get_field(name)
        model_field.verbose_name = label
        if help_text is not None:
            model_field.help_text = help_text
