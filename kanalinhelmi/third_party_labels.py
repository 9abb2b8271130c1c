"""Labels of third-party models shown in the back-office, so that they get a Finnish and a
Swedish translation in this project's catalogue (django-axes ships neither)."""

from django.utils.translation import gettext_noop, pgettext_lazy

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
