"""Reads of the audit trail that other code reuses (S33, S39)."""

from datetime import datetime, time, timedelta

from auditlog.models import LogEntry
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
    LogEntry.Action.ACCESS: _("viewed"),
}

# The staff member's role groups when the entry was written (receivers.py).
ROLES_KEY = "roles"


def stored_roles(additional_data):
    """The role names stored with an entry, or None for an entry without them."""
    if isinstance(additional_data, dict) and isinstance(additional_data.get(ROLES_KEY), list):
        return additional_data[ROLES_KEY]
    return None


def access_report_part(customer):
    """The customer's log data for the access report (S33, S35, S39): every entry (``log_data``)."""
    return [
        {
            "key": "audit_trail",
            "title": gettext("Who has viewed or changed your data"),
            "records": log_data(customer),
        }
    ]


def log_data(customer, since=None):
    """The customer's log data, oldest first; only entries from ``since`` on when given (S33, S35, S39).

    The customer's own page shows the last two years by default (issue 12).

    Finnish client-data law gives the customer the right to know who has
    accessed or changed their data, when, and in what role. One record per
    audit entry on the customer and on the rows related to them, oldest
    first: the time, the action, the kind of data, the names of changed
    fields, the staff member and the roles they held then (stored with the
    entry; an entry written before that was done shows their roles now, the
    only ones known). Never a value: the entries of
    related rows may hold other people's data (a representative's contact
    details), and the log never holds passwords.

    A long-standing customer can have tens of thousands of entries, so rows
    are read as plain values and every label, staff member and kind of data
    is looked up once, not once per entry (bench/README.md has the figures).
    """
    from types import SimpleNamespace

    from privacy.audit.display import TrailFormatter

    # Issue 18 item 9: each header is a literal, so that the catalogues translate it.
    headers = [
        gettext("time"),
        gettext("action"),
        gettext("data"),
        gettext("fields changed"),
        gettext("staff member"),
        gettext("role"),
    ]
    fields = (
        "timestamp",
        "action",
        "content_type_id",
        "changes",
        "actor_id",
        "actor_email",
        "additional_data",
    )
    rows = [
        SimpleNamespace(**row, customer_id=customer.pk)
        for row in LogEntry.objects.filter(
            of_customer(customer.pk), **({"timestamp__gte": since} if since else {})
        )
        .order_by("timestamp", "pk")
        .values(*fields)
    ]
    records = [
        dict(
            zip(
                headers,
                (
                    shown.time.strftime("%Y-%m-%d %H:%M"),
                    seen_in(row.additional_data) or shown.action,
                    shown.data,
                    shown.changed_fields,
                    shown.staff,
                    shown.roles,
                ),
                strict=True,
            )
        )
        for row, shown in zip(rows, TrailFormatter(values=False).format(rows), strict=True)
    ]
    return records


def of_customer(customer_id):
    """Entries about the customer's data: linked to them, or a page that showed them among others (S39).

    The two are one list of entry ids, each read from its customer index:
    as an OR of the link and the shown rows, PostgreSQL walked the whole
    trail in time order testing each entry (33 s for a customer among
    10,000,000 entries; bench/README.md).
    Found by bench/run.py (issue 11) and by bench/soak (issue 14), where it hit
    the statement timeout.
    """
    from privacy.audit.models import CustomerLogEntry, CustomerShown

    linked = CustomerLogEntry.objects.filter(customer_id=customer_id).values("log_entry_id")
    shown = CustomerShown.objects.filter(customer_id=customer_id).values("log_entry_id")
    return Q(pk__in=linked.union(shown, all=True))


def seen_in(additional_data):
    """For an entry of a page that showed many customers, what kind of page it was; else None."""
    from privacy.audit.services import VIEW_KEY, VIEWS

    if isinstance(additional_data, dict) and additional_data.get(VIEW_KEY) in VIEWS:
        return str(VIEWS[additional_data[VIEW_KEY]])
    return None


def local_day_start(day):
    """Midnight at the start of ``day`` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_entries(*, customer_id=None, actor=None, action=None, since=None, until=None, queryset=None):
    """Audit entries matching the review's filters, newest first.

    Each filter is served by an index: the customer link, the actor, the
    action and the timestamp. ``since`` and ``until`` are local dates, both
    included.
    """
    entries = LogEntry.objects.all() if queryset is None else queryset
    if customer_id is not None:
        entries = entries.filter(of_customer(customer_id))
    if actor is not None:
        entries = entries.filter(actor=actor)
    if action is not None:
        entries = entries.filter(action=action)
    if since is not None:
        entries = entries.filter(timestamp__gte=local_day_start(since))
    if until is not None:
        entries = entries.filter(timestamp__lt=local_day_start(until + timedelta(days=1)))
    return entries.order_by("-timestamp", "-pk")


def with_review_details(entries):
    """What a page of the review shows, in a constant number of queries."""
    from django.contrib.auth.models import Group

    return entries.select_related("actor", "customer_link").prefetch_related(
        Prefetch("actor__groups", queryset=Group.objects.order_by("name"))
    )
