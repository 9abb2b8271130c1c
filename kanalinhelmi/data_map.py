"""The project's part of the data map: staff, and the tables of Django and the libraries (GDPR Art. 30).

The apps of Django and of the libraries cannot declare their own part, so
the project, which chose them, does.
"""

from django.utils.translation import gettext_lazy as _

from kanalinhelmi.personal_data import Erasure, PersonalData, Retention, ViewLogging

STAFF = _("a staff member")
NOT_A_CUSTOMERS = _("a staff member's data, not a customer's")

DATA_MAP = [
    PersonalData(
        "auth.User",
        fields=("username", "first_name", "last_name", "email", "last_login", "date_joined"),
        about=STAFF,
        report=None,
        not_reported_because=NOT_A_CUSTOMERS,
        erasure=Erasure.NOT_CUSTOMER,
        retention=Retention.STAFF,
        view_logging=(ViewLogging.NONE,),
        other_fields=("id", "is_superuser", "is_staff", "is_active", "groups", "user_permissions"),
        unreported_fields=("password",),
        unaudited_fields=("last_login",),
        notes=_("The password hash and the login times are not in the audit trail; roles are."),
    ),
    PersonalData(
        "kanalinhelmi.ConfidentialityUndertaking",
        fields=("staff_member", "signed_on", "reference"),
        about=STAFF,
        report=None,
        not_reported_because=NOT_A_CUSTOMERS,
        erasure=Erasure.NOT_CUSTOMER,
        retention=Retention.STAFF,
        view_logging=(ViewLogging.NONE,),
        other_fields=("id", "corrects", "recorded_by", "recorded_at"),
    ),
    PersonalData(
        "otp_totp.TOTPDevice",
        fields=("user", "name", "created_at", "last_used_at"),
        about=STAFF,
        report=None,
        not_reported_because=NOT_A_CUSTOMERS,
        erasure=Erasure.NOT_CUSTOMER,
        retention=Retention.STAFF,
        view_logging=(ViewLogging.NONE,),
        other_fields=(
            "id",
            "confirmed",
            "throttling_failure_timestamp",
            "throttling_failure_count",
            "step",
            "t0",
            "digits",
            "tolerance",
            "drift",
            "last_t",
        ),
        unreported_fields=("key",),
        unaudited_fields=("last_used_at",),
        notes=_("The secret is never shown or logged (S31); nor is each use."),
    ),
    PersonalData(
        "auditlog.LogEntry",
        fields=(
            "object_repr",
            "serialized_data",
            "changes_text",
            "changes",
            "additional_data",
            "actor",
            "actor_email",
            "remote_addr",
            "timestamp",
            "action",
            "content_type",
        ),
        about=_("whoever's data was viewed or changed, and the staff member who did it"),
        report="audit_trail",
        # S19: erasure and retention blank the values; who did what and when stays.
        erasure=Erasure.ANONYMISE,
        retention=Retention.AUDIT_ENTRIES,
        audited=False,
        not_audited_because=_("the audit trail itself"),
        view_logging=(),
        other_fields=("id", "object_pk", "object_id", "cid", "remote_port"),
        unreported_fields=(
            "object_repr",
            "serialized_data",
            "changes_text",
            "changes",
            "additional_data",
            "actor_email",
            "remote_addr",
        ),
        notes=_("The report shows who, when, what kind of data and which fields, never a value (S39)."),
    ),
    PersonalData(
        "admin.LogEntry",
        fields=("object_repr", "change_message", "user", "action_time"),
        about=_("Django's own admin log"),
        report=None,
        not_reported_because=_(
            "no longer written: the audit trail records every change (kanalinhelmi/admin_log.py)"
        ),
        erasure=Erasure.REMOVE,
        retention=Retention.NOT_WRITTEN,
        audited=False,
        not_audited_because=_("no longer written"),
        view_logging=(),
        other_fields=("id", "content_type", "object_id", "action_flag"),
    ),
    PersonalData(
        "sessions.Session",
        fields=("session_data",),
        about=_("a signed-in staff member, an identified customer or a visitor"),
        report=None,
        not_reported_because=_(
            "holds only who is signed in and the page's state, until the session ends; for a customer "
            "identified strongly, the name and the keyed hash of the identity code, for at most "
            "IDENTIFICATION_SESSION_MINUTES (issue 12)"
        ),
        erasure=Erasure.NOT_CUSTOMER,
        retention=Retention.LIBRARY,
        audited=False,
        not_audited_because=_("a technical record of a login, not register data"),
        view_logging=(),
        other_fields=("session_key", "expire_date"),
    ),
    *(
        PersonalData(
            f"axes.{name}",
            fields=fields,
            about=_("whoever tried to sign in to the back-office"),
            report=None,
            not_reported_because=_("sign-in attempts to the back-office, not a customer's data (S31)"),
            erasure=Erasure.NOT_CUSTOMER,
            retention=Retention.LIBRARY,
            audited=False,
            not_audited_because=_(
                "a log of sign-in attempts itself; lifting a lockout is in the audit trail"
            ),
            view_logging=(),
            other_fields=other,
        )
        for name, fields, other in (
            (
                "AccessAttempt",
                ("user_agent", "ip_address", "username", "attempt_time", "get_data", "post_data"),
                ("id", "http_accept", "path_info", "failures_since_start"),
            ),
            (
                "AccessFailureLog",
                ("user_agent", "ip_address", "username", "attempt_time"),
                ("id", "http_accept", "path_info", "locked_out"),
            ),
            (
                "AccessLog",
                ("user_agent", "ip_address", "username", "attempt_time", "logout_time"),
                ("id", "http_accept", "path_info", "session_hash"),
            ),
        )
    ),
    PersonalData(
        "post_office.Email",
        fields=("to", "cc", "bcc", "subject", "message", "html_message", "headers", "context"),
        about=_("the recipient of an e-mail the register sends"),
        report=None,
        not_reported_because=_(
            "a message on its way; what it says is in the request, consent or letter that caused it"
        ),
        # S19: the customer's erasure removes mail still addressed to them (kanalinhelmi.mail).
        erasure=Erasure.REMOVE,
        retention=Retention.MAIL_QUEUE,
        audited=False,
        not_audited_because=_("the mail queue; what caused each message is in the audit trail"),
        view_logging=(),
        other_fields=(
            "id",
            "from_email",
            "status",
            "recipient_delivery_status",
            "priority",
            "created",
            "last_updated",
            "scheduled_time",
            "expires_at",
            "message_id",
            "number_of_retries",
            "template",
            "backend_alias",
        ),
    ),
    PersonalData(
        "post_office.Log",
        fields=("message",),
        about=_("the recipient of an e-mail the register sends"),
        report=None,
        not_reported_because=_("the mail server's answer to a message on its way"),
        erasure=Erasure.REMOVE,
        retention=Retention.MAIL_QUEUE,
        audited=False,
        not_audited_because=_("the mail queue's own log"),
        view_logging=(),
        other_fields=("id", "email", "date", "status", "exception_type"),
    ),
]

NOT_PERSONAL = {
    "post_office.EmailTemplate": _("not used: the register writes its e-mail from its own templates"),
    "post_office.Attachment": _("not used: the register's e-mail carries no attachments (D6)"),
    "django_tasks_database.DBTaskResult": _(
        "background jobs: their arguments are numbers, never personal data"
    ),
    "auth.Group": _("the staff roles"),
    "auth.Permission": _("the permissions of the roles"),
    "contenttypes.ContentType": _("the names of the tables"),
    "axes.AccessAttemptExpiration": _("when a login attempt expires"),
}
