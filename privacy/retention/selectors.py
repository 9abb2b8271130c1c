"""Reusable reads of retention data."""

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from privacy.retention.models import RelationshipEnding, RetentionRule

_PERIOD = {
    RetentionRule.Unit.DAYS: lambda n: ngettext("%(count)d day", "%(count)d days", n),
    RetentionRule.Unit.MONTHS: lambda n: ngettext("%(count)d month", "%(count)d months", n),
    RetentionRule.Unit.YEARS: lambda n: ngettext("%(count)d year", "%(count)d years", n),
}


def notice_retention_periods():
    """The retention rules as the privacy notice and the record of processing show them (S19–S21).

    Named by ``settings.PRIVACY_NOTICE_RETENTION``: the notice reads the
    periods the retention job applies, so the two cannot disagree.
    """
    order = list(RetentionRule.Key.values)
    rules = sorted(RetentionRule.objects.all(), key=lambda rule: order.index(rule.key))
    return [
        {
            "data": capfirst(rule.get_key_display()),
            "period": _PERIOD[rule.unit](rule.period) % {"count": rule.period},
            "description": rule.description,
            "legal_basis": rule.legal_basis,
        }
        for rule in rules
    ]


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
