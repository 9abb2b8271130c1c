"""The daily reminder to the responsible person of data-subject requests that need attention (S2, S40).

A request must be answered within one month of its receipt (S40, GDPR
Art. 12(3)), and the responsible person answers for register matters (S2),
so every active Rekisterivastaava with an e-mail address gets one message a
day listing the open requests that are overdue, those due within the next
seven days and those that arrived the day before.

The message goes through ordinary, unencrypted e-mail, so it carries no
personal data: only each request's number, kind, state, due date and the
path of its back-office page, where staff log in with two factors (S27).
The lines are built from those fields alone (``ReminderLine``), so the
templates never see a requester's name, address or details.

"Arrived" means confirmed (the web form's e-mail link followed, or a letter
recorded by staff) on the previous calendar day in the clinic's time zone.
Run once a day, at whatever hour, the command then announces every arrival
exactly once; a request confirmed before today's run is announced tomorrow.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kanalinhelmi.roles import RESPONSIBLE_PERSON
from privacy.models import DataSubjectRequest

State = DataSubjectRequest.State

# As the back-office list's "Due within 7 days" filter.
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class ReminderLine:
    """One request in the reminder: nothing that identifies the requester."""

    number: int
    kind: str
    state: str
    due_on: date
    days_left: int
    url: str

    @property
    def days_overdue(self):
        return -self.days_left


@dataclass(frozen=True)
class DueRequests:
    """The open requests to remind of on ``day``."""

    day: date
    overdue: list
    due_soon: list
    arrived: list

    def __bool__(self):
        return bool(self.overdue or self.due_soon or self.arrived)

    @property
    def arrived_on(self):
        return self.day - timedelta(days=1)

    @property
    def count(self):
        """Distinct requests listed (an arrival may also be due soon)."""
        return len({line.number for line in self.overdue + self.due_soon + self.arrived})


def due_requests(*, day=None, site_url=""):
    """The open, confirmed requests that are overdue, due soon or arrived the day before ``day``.

    An unconfirmed web request is left out: it is not worked on until its
    link is followed, and it expires unless it is. ``site_url`` (optional)
    makes the back-office links absolute; without it they are paths.
    """
    day = day or timezone.localdate()
    worked_on = (
        DataSubjectRequest.objects.open()
        .exclude(state=State.SUBMITTED)
        .only("pk", "kind", "state", "due_on")
        .order_by("due_on", "pk")
    )
    start_of_day = timezone.make_aware(datetime.combine(day, time.min))
    start_of_yesterday = timezone.make_aware(datetime.combine(day - timedelta(days=1), time.min))

    def lines(queryset):
        return [
            ReminderLine(
                number=dsr.pk,
                kind=DataSubjectRequest.Kind(dsr.kind).label,
                state=State(dsr.state).label,
                due_on=dsr.due_on,
                days_left=dsr.days_left(day),
                url=site_url.rstrip("/") + reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk]),
            )
            for dsr in queryset
        ]

    return DueRequests(
        day=day,
        overdue=lines(worked_on.filter(due_on__lt=day)),
        due_soon=lines(worked_on.filter(due_on__gte=day, due_on__lte=day + timedelta(days=DUE_SOON_DAYS))),
        arrived=lines(
            worked_on.filter(confirmed_at__gte=start_of_yesterday, confirmed_at__lt=start_of_day).order_by(
                "confirmed_at", "pk"
            )
        ),
    )


def reminder_recipients():
    """Active staff in the Rekisterivastaava group who have an e-mail address (S2)."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=RESPONSIBLE_PERSON)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def render_reminder(due):
    """The reminder's subject and body, in Finnish (the staff language)."""
    context = {
        "day": due.day,
        "overdue": due.overdue,
        "due_soon": due.due_soon,
        "arrived": due.arrived,
        "arrived_on": due.arrived_on,
        "soon_days": DUE_SOON_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("privacy/email/reminder_subject.txt", context).strip()
        body = render_to_string("privacy/email/reminder_body.txt", context)
    return subject, body


def reminder_messages(due, recipients):
    """One e-mail per recipient; none if there is nothing to report."""
    if not due or not recipients:
        return []
    subject, body = render_reminder(due)
    # One message each, so the responsible persons do not see each other's addresses.
    return [EmailMessage(subject, body, to=[user.email]) for user in recipients]


def send_due_request_reminders(*, day=None, site_url=""):
    """E-mail the responsible persons the day's reminder; returns (due requests, messages sent)."""
    due = due_requests(day=day, site_url=site_url)
    messages = reminder_messages(due, reminder_recipients())
    if messages:
        get_connection().send_messages(messages)
    return due, messages
