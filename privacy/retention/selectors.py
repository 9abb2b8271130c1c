"""Reusable reads of retention data."""

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from privacy.retention.models import RelationshipEnding


def _when(value):
    # Helsinki time, as every other time in the report, not the stored UTC.
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "–"


def access_report_part(customer):
    """The ends of the customer's relationship, for the access report (S20, S21, S33).

    One section: each recorded end (by staff, after misuse, or by the
    retention job) with its kind, date, the reason given and when the data
    was removed. A reason about misuse may concern an offence (GDPR
    Art. 10), which is all the more reason to show it; a reason already
    blanked by the retention rule shows as removed. Found by the customer
    number, which the record keeps whatever happens to the customer row.
    """
    records = [
        {
            _("kind"): str(ending.get_kind_display()),
            _("ended"): formats.date_format(ending.ended_on, "SHORT_DATE_FORMAT"),
            _("reason"): ending.reason or str(_("removed")),
            _("recorded"): _when(ending.recorded_at),
            _("data removed"): _when(ending.data_removed_at)
            if ending.data_removed_at
            else str(_("not yet; removed when the retention period ends")),
        }
        for ending in RelationshipEnding.objects.filter(customer_number=customer.pk).order_by(
            "recorded_at", "pk"
        )
    ]
    return [
        {"key": "relationship_endings", "title": _("End of the customer relationship"), "records": records}
    ]
