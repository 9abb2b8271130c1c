"""Highlights worth a look: saved queries over the audit trail (S2, S39).

Each highlight is a query the responsible person opens from the audit
review. None of them reads the whole trail: every one is bounded by a time
range (by default the last ``AUDIT_HIGHLIGHT_DAYS`` days) and filters on
indexed columns first (timestamp, action, content type, actor) before any
computed condition.
"""

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


def opening_hours_zone():
    return ZoneInfo(settings.AUDIT_OPENING_HOURS_TIME_ZONE)


def outside_opening_hours(entries):
    """Views of customer data outside the clinic's opening hours.

    Opening hours are settings (``AUDIT_OPENING_DAYS``, ``AUDIT_OPENING_HOURS``,
    by default Monday to Friday 7–18), read in the clinic's own time zone
    whatever the server's is.
    """
    zone = opening_hours_zone()
    opens, closes = settings.AUDIT_OPENING_HOURS
    return (
        entries.filter(action=LogEntry.Action.ACCESS)
        .annotate(
            local_weekday=ExtractIsoWeekDay("timestamp", tzinfo=zone),
            local_hour=ExtractHour("timestamp", tzinfo=zone),
        )
        .filter(
            ~Q(local_weekday__in=settings.AUDIT_OPENING_DAYS)
            | Q(local_hour__lt=opens)
            | Q(local_hour__gte=closes)
        )
    )


def practitioner_without_care_relationship(entries):
    """A practitioner's views of a customer who was not theirs on that day (S7, S8).

    "Theirs" means a care relationship with the practitioner that was ongoing
    on the (local) day of the view, or the customer being in the joint
    register at the moment of the view (their consent records then, so a
    consent given or withdrawn later does not change the answer).
    """
    from registry.models import CareRelationship, Practitioner

    # Practitioners' accounts are few and their views a small share of the
    # month's: with their ids as a list the planner starts from auditlog's actor
    # index instead of reading every view of the range (issue 11 item 11). It
    # still reads each practitioner's views of every month (bench/README.md).
    practitioner_users = list(
        Practitioner.objects.filter(user__isnull=False).values_list("user_id", flat=True).order_by("user_id")
    )
    day = TruncDate("timestamp", tzinfo=opening_hours_zone())
    own_customer = CareRelationship.objects.filter(
        customer_id=OuterRef("customer_link__customer_id"),
        practitioner__user_id=OuterRef("actor_id"),
        started_on__lte=OuterRef("access_day"),
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("access_day")))
    entries = (
        entries.filter(action=LogEntry.Action.ACCESS, actor_id__in=practitioner_users)
        .filter(customer_link__isnull=False)
        .annotate(access_day=day)
        .exclude(Exists(own_customer))
    )
    joint_register = getattr(settings, "JOINT_REGISTER_CONDITION", None)
    if joint_register:
        in_joint_register_then = import_string(joint_register)(
            customer=OuterRef("customer_link__customer_id"), at=OuterRef("timestamp")
        )
        entries = entries.exclude(in_joint_register_then)
    return entries


def bank_account_changes(entries):
    """Changes to a customer's bank account in their billing profile (S11)."""
    from registry.models import BillingProfile

    return entries.filter(
        content_type=ContentType.objects.get_for_model(BillingProfile),
        action=LogEntry.Action.UPDATE,
        changes__has_key="bank_account",
    )


@dataclass(frozen=True)
class BusyDay:
    actor: object
    day: object
    customers: int


def busy_days(*, since=None, until=None, actor=None, action=None, customer_id=None, threshold=None):
    """Staff members who opened unusually many different customers in one day.

    Takes the review's filters (``selectors.filter_entries``). ``threshold``
    (default ``AUDIT_BUSY_DAY_CUSTOMERS``, 50) different customers or more,
    counted by local day. Returns BusyDay rows, the busiest first. Days that
    are over are read from their daily counts (``summaries.py``), the rest
    from the trail.
    """
    from privacy.audit import summaries
    from privacy.audit.models import StaffDayViews
    from privacy.audit.selectors import filter_entries

    threshold = settings.AUDIT_BUSY_DAY_CUSTOMERS if threshold is None else threshold
    if action is not None and action != LogEntry.Action.ACCESS:
        return []
    if customer_id is not None or str(opening_hours_zone()) != settings.TIME_ZONE:
        # One customer's views are few; and the counts are by the clinic's
        # days, which the range matches only in the same time zone.
        entries = filter_entries(customer_id=customer_id, actor=actor, since=since, until=until)
        return _busy_days(summaries.count_views(entries), threshold)
    if since is None:
        first = LogEntry.objects.order_by("timestamp").values_list("timestamp", flat=True).first()
        if first is None:
            return []
        since = summaries.day_of(first)
    settled = summaries.last_settled_day()
    found = []
    if since <= settled:
        last = settled if until is None else min(until, settled)
        summaries.summarise(since, last)
        counts = StaffDayViews.objects.filter(day__gte=since, day__lte=last, customers__gte=threshold)
        if actor is not None:
            counts = counts.filter(actor=actor)
        found += counts.values("actor_id", "day", "customers")
    if until is None or until > settled:
        entries = filter_entries(actor=actor, since=max(since, settled + timedelta(days=1)), until=until)
        found += summaries.count_views(entries).filter(customers__gte=threshold)
    return _busy_days(found, threshold)


def _busy_days(rows, threshold):
    rows = sorted(
        (row for row in rows if row["customers"] >= threshold),
        key=lambda row: (-row["day"].toordinal(), -row["customers"], row["actor_id"]),
    )
    actors = get_user_model().objects.in_bulk({row["actor_id"] for row in rows})
    return [BusyDay(actors.get(row["actor_id"]), row["day"], row["customers"]) for row in rows]


@dataclass(frozen=True)
class Highlight:
    slug: str
    title: Promise
    description: Promise
    filter: object = None  # entries -> entries; None for busy days (its own page)

    # Templates call whatever callable they meet, so they never look at
    # ``filter`` itself (issue 11 item 1): these say what they need to know.
    @property
    def lists_entries(self):
        """True if the highlight is a filter of the review's list, False if it has a page of its own."""
        return self.filter is not None

    @property
    def url(self):
        if self.lists_entries:
            return f"{reverse('audit_review:review')}?highlight={self.slug}"
        return reverse("audit_review:busy_days")


HIGHLIGHTS = {
    h.slug: h
    for h in [
        Highlight(
            "after-hours",
            _("Views outside opening hours"),
            _("Customer data opened outside the clinic's opening hours."),
            outside_opening_hours,
        ),
        Highlight(
            "busy-days",
            _("Unusually many customers in a day"),
            _("Staff members who opened more different customers in one day than the set limit."),
        ),
        Highlight(
            "no-care-relationship",
            _("Practitioner without a care relationship"),
            _(
                "A practitioner opened a customer with whom they had no care relationship on that day "
                "and who is not in the joint register."
            ),
            practitioner_without_care_relationship,
        ),
        Highlight(
            "bank-accounts",
            _("Bank account changes"),
            _("Changes to the bank account of a customer's billing profile."),
            bank_account_changes,
        ),
    ]
}
