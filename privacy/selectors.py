"""Reusable reads of data-subject requests."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.models import DataSubjectRequest, LegalHold, RequestAttachment, RequestLetter
from registry.models import Customer, Disclosure


def _request_records(requests, *, with_contents=True):
    """One record per request: its kind, dates, state and attached documents, never a letter's contents.

    ``with_contents``: what the requester wrote (name, contact details,
    details, mandate, S33). Left out of an erased person's report, which
    lists only the evidence kept of their requests (G2).
    """
    requests = requests.prefetch_related(
        Prefetch("attachments", queryset=RequestAttachment.objects.defer("content"))
    ).order_by("received_at", "pk")
    records = []
    for dsr in requests:
        records.append(
            {
                str(_("request")): str(dsr.pk),
                str(_("kind")): str(dsr.get_kind_display()),
                # S33: what the person gave us with the request is their data too.
                **(_requester_fields(dsr) if with_contents else {}),
                str(_("received")): timezone.localtime(dsr.received_at).strftime("%Y-%m-%d %H:%M"),
                str(_("state")): str(dsr.get_state_display()),
                str(_("due")): dsr.due_on.isoformat(),
                str(_("closed")): timezone.localtime(dsr.closed_at).strftime("%Y-%m-%d %H:%M")
                if dsr.closed_at
                else "–",
                # S14, S34: the scans kept with the request are the person's data too.
                str(_("attached documents")): ", ".join(
                    f"{a.get_kind_display()} ({timezone.localtime(a.uploaded_at):%Y-%m-%d})"
                    for a in dsr.attachments.all()
                )
                or "–",
            }
        )
    return records


def _requester_fields(dsr):
    """What the requester wrote on the request, under the fields' own names; an empty field is left out."""
    from registry.selectors import display_value

    names = ["first_name", "last_name", "email", "phone", "postal_address", "details"]
    if dsr.on_behalf:
        names += ["on_behalf", "subject_first_name", "subject_last_name", "mandate_kind", "mandate_details"]
    return {
        str(dsr._meta.get_field(name).verbose_name): display_value(dsr, name)
        for name in names
        if getattr(dsr, name) not in ("", None)
    }


def access_report_part(customer):
    """The person's own requests and how each was handled, for the access report (S33, S35)."""
    records = _request_records(DataSubjectRequest.objects.filter(customer=customer))
    return [{"key": "requests", "title": _("Your data protection requests"), "records": records}]


def former_customer_report_part(customer_number):
    """What is still held on an erased customer, by their former number (G2, S33, S35).

    After an erasure that deleted the customer row, the person's requests
    stay as evidence (with their attached documents and the list of kept
    items) until their retention ends; ``DataSubjectRequest.customer_number``
    still names the customer. The report lists each request (kind, dates,
    state, documents) and each kept item with its legal ground and end date,
    never the contents of the letters, which the erasure deleted.
    """
    requests = DataSubjectRequest.objects.filter(customer_number=customer_number, customer__isnull=True)
    holds = LegalHold.objects.filter(request__in=requests).order_by("keep_until", "pk")
    return [
        {
            "key": "requests",
            "title": _("Your data protection requests"),
            "records": _request_records(requests, with_contents=False),
        },
        {
            "key": "kept",
            "title": _("Kept because the law requires it"),
            "records": [
                {
                    str(_("item")): hold.item,
                    str(_("legal ground")): hold.legal_ground,
                    str(_("kept until")): hold.keep_until.isoformat(),
                }
                for hold in holds
            ],
        },
    ]


def former_customers(dsr, limit=10):
    """Erased customers the request may come from, for staff to choose from (G2).

    Earlier requests whose customer row is gone but whose ``customer_number``
    remains, matched like ``candidate_customers`` (e-mail, phone or name);
    returns ``[(customer_number, [request, ...])]``, newest request first.
    """
    condition = _person_condition(dsr)
    first, last = _person_names(dsr)
    if last:
        # An earlier request a guardian or a representative made for the person.
        condition |= Q(subject_last_name__iexact=last, subject_first_name__iexact=first)
    if not condition:
        return []
    earlier = (
        DataSubjectRequest.objects.filter(condition, customer__isnull=True, customer_number__isnull=False)
        .exclude(pk=dsr.pk)
        .order_by("-received_at", "-pk")[:50]
    )
    found = {}
    for request in earlier:
        found.setdefault(request.customer_number, []).append(request)
    return list(found.items())[:limit]


def _person_names(dsr):
    """(first, last) name of the person the request concerns."""
    if dsr.on_behalf and dsr.subject_last_name:
        return dsr.subject_first_name, dsr.subject_last_name
    return dsr.first_name, dsr.last_name


def _person_condition(dsr):
    """Q matching customers (or requests) of the person the request concerns by e-mail, phone or name."""
    condition = Q()
    if dsr.email:
        condition |= Q(email__iexact=dsr.email)
    if dsr.phone:
        condition |= Q(phone=dsr.phone)
    first, last = _person_names(dsr)
    if last:
        condition |= same_name(first, last)
    return condition


def same_name(first, last):
    """Q matching customers of this surname whose first names are ``first`` or begin with its first name.

    A strong electronic identification gives every first name ("Aino Maria")
    where the register may hold only the one in use ("Aino"), and the other
    way round (issue 12).
    """
    first_name = (first.split() or [""])[0]
    return Q(last_name__iexact=last) & (
        Q(first_name__iexact=first)
        | Q(first_name__iexact=first_name)
        | Q(first_name__istartswith=f"{first_name} ")
    )


def candidate_customers(dsr, limit=10):
    """Customers the request may concern, matched by e-mail, phone or name, for staff to choose from.

    The matches are found first without an order, then the first ``limit``
    of them are put in name order: ordered and limited in one query,
    PostgreSQL walked the name index of a million customers testing each
    (about 0.6 s, found by the soak, issue 14); unordered it combines the
    e-mail, phone and name indexes.
    """
    condition = _person_condition(dsr)
    if not condition:
        return Customer.objects.none()
    matches = Customer.objects.filter(condition).values_list("pk", flat=True)[:CANDIDATES_READ]
    return Customer.objects.filter(pk__in=list(matches)).order_by("last_name", "first_name", "pk")[:limit]


# A namesake search can match thousands; staff choose among the first few, in name order, of these.
CANDIDATES_READ = 200


def disclosure_recipients(customer):
    """Recipients of the customer's earlier disclosures, oldest first, to be told of a change (GDPR Art. 19, S17).

    Read before an erasure runs, because the erasure deletes the disclosure
    records. Each is ``{"recipient": str, "disclosed_at": ISO date}``, the
    shape kept in a request's ``outcome["recipients_to_notify"]``.
    """
    if customer is None:
        return []
    return [
        {"recipient": d.recipient, "disclosed_at": timezone.localtime(d.disclosed_at).date().isoformat()}
        for d in Disclosure.objects.filter(customer=customer).order_by("disclosed_at", "pk")
    ]


# --- The work queue on the back-office's front page (G11, S40) ----------------------------------

SOON_DAYS = 7
# An unconfirmed request is shown this long before it would expire, so staff
# can still reach a requester whose confirmation e-mail went astray.
EXPIRY_WARNING = timedelta(hours=24)
QUEUE_LENGTH = 10


@dataclass
class RequestQueue:
    """What waits to be done on data-subject requests, each list at most ``QUEUE_LENGTH`` long."""

    today: object
    counts: dict = field(default_factory=dict)
    open: list = field(default_factory=list)
    awaiting_approval: list = field(default_factory=list)
    unsent_letters: list = field(default_factory=list)
    expiring: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not any(self.counts.values())


def request_queue(*, now=None):
    """The requests staff must act on, most urgent first (G11, S40).

    - open requests (confirmed and not closed) by due date, with how many are
      overdue and how many are due within ``SOON_DAYS`` days;
    - requests waiting for the responsible person's approval;
    - answers and rejections written but not yet sent;
    - unconfirmed requests that expire within ``EXPIRY_WARNING``.

    Five queries, each served by an index: the counts by ``request_state_due_idx``
    (open requests only, never the closed ones that pile up over the years),
    the unsent letters by the partial index ``letter_unsent_idx``.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    soon = today + timedelta(days=SOON_DAYS)
    State = DataSubjectRequest.State
    expires_before = now - timedelta(seconds=settings.PRIVACY_CONFIRMATION_TIMEOUT) + EXPIRY_WARNING
    worked_on = ~Q(state=State.SUBMITTED)
    not_closed = DataSubjectRequest.objects.exclude(state__in=DataSubjectRequest.CLOSED_STATES)
    counts = not_closed.aggregate(
        open=Count("pk", filter=worked_on),
        overdue=Count("pk", filter=worked_on & Q(due_on__lt=today)),
        soon=Count("pk", filter=worked_on & Q(due_on__gte=today, due_on__lte=soon)),
        awaiting_approval=Count("pk", filter=Q(state=State.AWAITING_APPROVAL)),
        expiring=Count("pk", filter=Q(state=State.SUBMITTED, received_at__lt=expires_before)),
    )
    to_send = RequestLetter.awaiting_sending()
    unsent = list(
        to_send.select_related("request")
        .only(
            "pk",
            "kind",
            "created_at",
            "request__id",
            "request__kind",
            "request__first_name",
            "request__last_name",
            "request__due_on",
            "request__state",
        )
        .order_by("created_at", "pk")[: QUEUE_LENGTH + 1]
    )
    counts["unsent"] = len(unsent)
    if len(unsent) > QUEUE_LENGTH:
        counts["unsent"] = to_send.count()
    requests = not_closed.select_related("assigned_to").defer("outcome", "details", "postal_address")
    return RequestQueue(
        today=today,
        counts=counts,
        open=list(requests.filter(worked_on).order_by("due_on", "pk")[:QUEUE_LENGTH])
        if counts["open"]
        else [],
        awaiting_approval=list(
            requests.filter(state=State.AWAITING_APPROVAL).order_by("due_on", "pk")[:QUEUE_LENGTH]
        )
        if counts["awaiting_approval"]
        else [],
        unsent_letters=unsent[:QUEUE_LENGTH],
        expiring=list(
            requests.filter(state=State.SUBMITTED, received_at__lt=expires_before).order_by(
                "received_at", "pk"
            )[:QUEUE_LENGTH]
        )
        if counts["expiring"]
        else [],
    )
