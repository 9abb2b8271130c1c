"""Reusable reads of data-subject requests."""

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.models import DataSubjectRequest, RequestAttachment
from registry.models import Customer, Disclosure


def access_report_part(customer):
    """The person's own requests and how each was handled, for the access report (S33, S35)."""
    records = []
    requests = (
        DataSubjectRequest.objects.filter(customer=customer)
        .prefetch_related(Prefetch("attachments", queryset=RequestAttachment.objects.defer("content")))
        .order_by("received_at", "pk")
    )
    for dsr in requests:
        records.append(
            {
                str(_("request")): f"#{dsr.pk}",
                str(_("kind")): str(dsr.get_kind_display()),
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
    return [{"key": "requests", "title": _("Your data protection requests"), "records": records}]


def candidate_customers(dsr, limit=10):
    """Customers the request may concern, matched by e-mail or phone, for staff to choose from."""
    condition = Q()
    if dsr.email:
        condition |= Q(email__iexact=dsr.email)
    if dsr.phone:
        condition |= Q(phone=dsr.phone)
    if dsr.on_behalf and dsr.subject_last_name:
        condition |= Q(last_name__iexact=dsr.subject_last_name, first_name__iexact=dsr.subject_first_name)
    elif dsr.last_name:
        condition |= Q(last_name__iexact=dsr.last_name, first_name__iexact=dsr.first_name)
    if not condition:
        return Customer.objects.none()
    return Customer.objects.filter(condition).order_by("last_name", "first_name", "pk")[:limit]


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
