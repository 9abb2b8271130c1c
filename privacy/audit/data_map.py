"""The audit trail's index in the data map (kanalinhelmi/personal_data.py; S39)."""

from django.utils.translation import gettext_lazy as _

from kanalinhelmi.personal_data import Erasure, PersonalData, Retention

DATA_MAP = [
    PersonalData(
        "audit_review.CustomerLogEntry",
        fields=("customer_id",),
        about=_("which customer an audit entry concerns"),
        report="audit_trail",
        erasure=Erasure.ANONYMISE,
        retention=Retention.AUDIT_ENTRIES,
        audited=False,
        not_audited_because=_("the index of the audit trail itself"),
        view_logging=(),
        other_fields=("log_entry",),
        notes=_("A number only; it lets the report and erasure find a customer's entries."),
    ),
    PersonalData(
        "audit_review.CustomerShown",
        fields=("customer_id",),
        about=_("which customers a list, search, history page or autocomplete showed"),
        report="audit_trail",
        erasure=Erasure.ANONYMISE,
        retention=Retention.AUDIT_ENTRIES,
        audited=False,
        not_audited_because=_("the index of the audit trail itself"),
        view_logging=(),
        other_fields=("id", "log_entry"),
        notes=_("A number only; one audit entry per page holds every customer the page showed."),
    ),
    PersonalData(
        "audit_review.StaffDayViews",
        fields=("actor", "day", "customers"),
        about=_("a staff member: how many different customers they opened in a day"),
        report=None,
        not_reported_because=_("a staff member's data, not a customer's"),
        erasure=Erasure.NOT_CUSTOMER,
        retention=Retention.AUDIT_ENTRIES,
        audited=False,
        not_audited_because=_("counted from the audit trail itself"),
        view_logging=(),
        other_fields=("id",),
        notes=_(
            "Counted from the audit trail for the busy-days highlight; counted again when entries "
            "of the day are removed, removed with the staff account."
        ),
    ),
]

NOT_PERSONAL = {
    # Issue 15: the chain holds keyed hashes of entries, never a value (docs/audit-chain.md).
    "audit_review.AuditChainLink": _("keyed hashes of the audit entries, never a value"),
    "audit_review.AuditSeal": _("signed counts and hashes of the audit trail"),
    "audit_review.SummarisedDay": _("the days whose views the daily counts hold: dates only"),
    "audit_review.AuditVerification": _(
        "the outcome of each check of the audit trail: counts and entry numbers"
    ),
}
