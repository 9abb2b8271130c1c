"""Daily counts of the customers each staff member opened (S39, issue 11 item 11).

The busy-days highlight asks, for a range of days, which staff members
opened many different customers in one (local) day. Grouping every view of
a month (hundreds of thousands of entries) on each visit is too slow, and a
day's answer does not change once the day is over. So a day that has been
over for ``SETTLED_AFTER`` is counted once into ``StaffDayViews`` (every
staff member who opened a customer that day, however few), marked by a
``SummarisedDay``, and read from there; the days still open (today, and
yesterday for an hour after midnight) are counted from the trail on each
visit.

The counts stay true to the trail:

- an entry written for a summarised day (a backdated or restored entry)
  drops that day's summary as it is written (``receivers.py``);
- removing entries (retention) drops the summaries of their days
  (``forget_days_of``), to be counted again from what is left;
- a removed staff account takes its counts with it, as its entries lose
  their actor;
- erasure blanks values in entries but keeps them and their customer link,
  so the counts stand.

Counting and reading share ``count_views``, so a summary holds exactly what
the trail gave when it was counted. Counting a day and dropping a day's
count take one lock (``_counting_lock``), so a count made from entries that
are being removed, or before an entry that is being written, cannot be
stored after the removal or the write dropped it.
"""

from datetime import datetime, time, timedelta

from auditlog.models import LogEntry
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

# A day is counted once it has been over this long: an entry stamped just
# before midnight may still be on its way to the database.
SETTLED_AFTER = timedelta(hours=1)


def zone():
    from privacy.audit.highlights import opening_hours_zone

    return opening_hours_zone()


def day_of(moment):
    """The local day (in the clinic's time zone) of an aware datetime."""
    return moment.astimezone(zone()).date()


def last_settled_day(now=None):
    """The latest day that has been over for ``SETTLED_AFTER``."""
    return day_of((now or timezone.now()) - SETTLED_AFTER) - timedelta(days=1)


def count_views(entries):
    """Rows of (actor_id, day, customers): different customers each staff member opened each local day.

    ``entries`` is any queryset of log entries; only views of a customer
    by a staff member count.
    """
    return (
        entries.filter(action=LogEntry.Action.ACCESS, actor__isnull=False, customer_link__isnull=False)
        .annotate(day=TruncDate("timestamp", tzinfo=zone()))
        .order_by()
        .values("actor_id", "day")
        .annotate(customers=Count("customer_link__customer_id", distinct=True))
    )


# Any number both sides agree on; PostgreSQL advisory locks are per database.
COUNTING_LOCK = 0x6B68_6461_7973  # "khdays"


def _counting_lock():
    """Hold the counting lock until the end of the current transaction (PostgreSQL only).

    SQLite, used in development and tests, lets one writer in at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [COUNTING_LOCK])


def _day_start(day):
    return datetime.combine(day, time.min, tzinfo=zone())


# Days counted in one query and one transaction: a long range not counted yet
# (the whole trail, years) is stored a month at a time, so what a slow first
# visit counted before it was cut off is kept.
DAYS_PER_COUNT = 31


def _runs(days):
    """Consecutive days grouped into (first, last) pairs of at most ``DAYS_PER_COUNT`` days."""
    runs = []
    for day in sorted(days):
        if runs and runs[-1][1] + timedelta(days=1) == day and (day - runs[-1][0]).days < DAYS_PER_COUNT:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return runs


def summarise(first, last):
    """Count every day from ``first`` to ``last`` (settled days) not counted yet."""
    from privacy.audit.models import StaffDayViews, SummarisedDay

    counted = set(SummarisedDay.objects.filter(day__range=(first, last)).values_list("day", flat=True))
    missing = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    missing = [day for day in missing if day not in counted]
    for start, end in _runs(missing):
        entries = LogEntry.objects.filter(
            timestamp__gte=_day_start(start), timestamp__lt=_day_start(end + timedelta(days=1))
        )
        with transaction.atomic():
            _counting_lock()
            rows = list(count_views(entries))
            # Two visits may count the same day at once; both find the same rows.
            SummarisedDay.objects.bulk_create(
                [SummarisedDay(day=start + timedelta(days=n)) for n in range((end - start).days + 1)],
                ignore_conflicts=True,
            )
            StaffDayViews.objects.bulk_create(
                [
                    StaffDayViews(day_id=row["day"], actor_id=row["actor_id"], customers=row["customers"])
                    for row in rows
                ],
                ignore_conflicts=True,
            )


def forget_days(days):
    """Drop the summaries of ``days``, to be counted again on the next visit."""
    from privacy.audit.models import StaffDayViews, SummarisedDay

    days = set(days)
    if days:
        with transaction.atomic():
            _counting_lock()
            StaffDayViews.objects.filter(day_id__in=days).delete()
            SummarisedDay.objects.filter(day__in=days).delete()


def forget_days_of(entries):
    """Drop the summaries of the days of ``entries`` (log entries about to be removed)."""
    forget_days({day_of(entry.timestamp) for entry in entries if entry.action == LogEntry.Action.ACCESS})


def entry_written(entry):
    """A new entry for a day already counted drops that day's count (see the module's docstring)."""
    if entry.action != LogEntry.Action.ACCESS or entry.actor_id is None or entry.timestamp is None:
        return
    day = day_of(entry.timestamp)
    if day <= last_settled_day():
        forget_days([day])
