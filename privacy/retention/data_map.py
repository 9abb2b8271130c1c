"""Retention's part of the data map (kanalinhelmi/personal_data.py; S19–S21)."""

from django.utils.translation import gettext_lazy as _

from kanalinhelmi.personal_data import Erasure, PersonalData, Retention

DATA_MAP = [
    PersonalData(
        "retention.RelationshipEnding",
        fields=("kind", "ended_on", "reason", "recorded_at", "data_removed_at"),
        about=_("the customer: when and why the relationship ended"),
        report="relationship_endings",
        erasure=Erasure.ANONYMISE,
        retention=Retention.ENDED_RELATIONSHIPS,
        other_fields=("id", "customer", "customer_number", "recorded_by"),
        notes=_(
            "The reason is blanked the period after the data was removed; the record of the removal stays."
        ),
    ),
]

NOT_PERSONAL = {
    "retention.RetentionRule": _("the retention periods"),
    "retention.RetentionBatch": _("counts and row numbers of each retention run"),
}
