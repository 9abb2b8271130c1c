"""S19, S34: handled data-subject requests go the period after they were closed (G3).

Every erasure letter promises that the request and its handling are kept
for three years (``REQUEST_EVIDENCE_YEARS``); the "handled requests" rule
keeps that promise, for requests that matched a customer and for those that
never did.
"""

from datetime import date, datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from privacy import services
from privacy.models import DataSubjectRequest, LegalHold, RequestAttachment, RequestEvent, RequestLetter
from privacy.retention.models import RelationshipEnding, RetentionRule
from registry.models import Customer, Invoice
from tests.factories import CustomerFactory, DataSubjectRequestFactory, InvoiceFactory
from tests.privacy.conftest import in_progress
from tests.retention.conftest import HELSINKI, NOW, apply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]

# Three years before 15 March 2026: a request closed before 15 March 2023 goes, one closed on it stays.
BEFORE_CUTOFF = datetime(2023, 3, 14, 23, 59, tzinfo=HELSINKI)
AT_CUTOFF = datetime(2023, 3, 15, 0, 0, tzinfo=HELSINKI)


def answered_inspection(staff, *, closed_at, customer=None, email="aino.virtanen@example.fi"):
    """An inspection answered with a letter and a signed request letter attached, closed at ``closed_at``."""
    dsr = in_progress(staff, customer=customer, email=email)
    RequestAttachment.objects.create(
        request=dsr,
        kind=RequestAttachment.Kind.SIGNED_LETTER,
        original_name="pyynto.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
        content=b"%PDF",
    )
    dsr = services.complete_request(request=dsr, by=staff)
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(closed_at=closed_at)
    return dsr


def test_the_rule_is_in_the_register_with_the_period_the_erasure_letter_promises():
    rule = RetentionRule.objects.get(key="handled_requests")
    assert (rule.period, rule.unit) == (services.REQUEST_EVIDENCE_YEARS, "years")


def test_request_closed_past_the_period_goes_with_its_letters_timeline_and_attachments(
    customer_service_user,
):
    dsr = answered_inspection(customer_service_user, customer=CustomerFactory(), closed_at=BEFORE_CUTOFF)
    LegalHold.objects.create(request=dsr, item="x", legal_ground="y", keep_until=date(2026, 3, 14))
    assert RequestLetter.objects.filter(request=dsr).exists()
    apply("handled_requests")
    assert not DataSubjectRequest.objects.filter(pk=dsr.pk).exists()
    for model in (RequestLetter, RequestEvent, RequestAttachment, LegalHold):
        assert not model.objects.filter(request_id=dsr.pk).exists()


def test_request_that_never_matched_a_customer_goes_too(customer_service_user):
    dsr = answered_inspection(customer_service_user, customer=None, closed_at=BEFORE_CUTOFF)
    apply("handled_requests")
    assert not DataSubjectRequest.objects.filter(pk=dsr.pk).exists()


def test_request_closed_on_the_cutoff_day_is_kept(customer_service_user):
    dsr = answered_inspection(customer_service_user, customer=CustomerFactory(), closed_at=AT_CUTOFF)
    apply("handled_requests")
    assert DataSubjectRequest.objects.filter(pk=dsr.pk).exists()
    assert RequestLetter.objects.filter(request=dsr).exists()


def test_open_request_is_kept_however_old():
    dsr = DataSubjectRequestFactory(state=DataSubjectRequest.State.IN_PROGRESS)
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(received_at=datetime(2019, 1, 1, tzinfo=HELSINKI))
    apply("handled_requests")
    assert DataSubjectRequest.objects.filter(pk=dsr.pk).exists()


def test_removed_request_leaves_the_fact_in_the_audit_trail_but_not_the_requester(customer_service_user):
    dsr = answered_inspection(
        customer_service_user, customer=None, closed_at=BEFORE_CUTOFF, email="salainen.pyytaja@example.fi"
    )
    attachment = RequestAttachment.objects.get(request=dsr)
    apply("handled_requests")
    entries = LogEntry.objects.filter(object_pk=str(dsr.pk), content_type__model="datasubjectrequest")
    assert entries.filter(action=LogEntry.Action.DELETE).exists()
    assert LogEntry.objects.filter(object_pk=str(attachment.pk), content_type__model="requestattachment")
    trail = [
        (str(e.changes), e.changes_text, e.object_repr, str(e.serialized_data))
        for e in LogEntry.objects.all()
    ]
    assert not [t for t in trail if "salainen.pyytaja" in str(t) or "pyynto.pdf" in str(t)]


def test_dry_run_removes_no_request(customer_service_user):
    dsr = answered_inspection(customer_service_user, customer=CustomerFactory(), closed_at=BEFORE_CUTOFF)
    apply("handled_requests", dry_run=True)
    assert DataSubjectRequest.objects.filter(pk=dsr.pk).exists()


def test_customer_kept_for_a_voucher_still_goes_with_it_after_the_erasure_request_is_removed(
    monkeypatch, customer_service_user, responsible_person
):
    """The erased customer's row, kept for a 2022 voucher until the end of 2028, outlives the
    request (removed in 2026); an "erased" ending takes over, so the row still goes with the voucher
    and the ended-relationships rule does not remove the customer a second time."""
    monkeypatch.setattr(timezone, "now", lambda: datetime(2022, 6, 1, 10, 0, tzinfo=HELSINKI))
    customer = CustomerFactory(first_name="Aino", last_name="Poistettava")
    InvoiceFactory(customer=customer, issued_on=date(2022, 5, 1))
    dsr = in_progress(customer_service_user, customer=customer, kind="erasure")
    services.approve_request(
        request=services.propose_erasure(request=dsr, by=customer_service_user), by=responsible_person
    )
    customer.refresh_from_db()
    note = customer.source_detail

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    apply("ended_relationships", "handled_requests")
    assert not DataSubjectRequest.objects.filter(pk=dsr.pk).exists()
    ending = RelationshipEnding.objects.get(customer=customer)
    assert ending.kind == RelationshipEnding.Kind.ERASED
    assert ending.data_removed_at is not None
    apply("ended_relationships")
    customer.refresh_from_db()
    assert customer.source_detail == note  # not removed again as "relationship ended"

    monkeypatch.setattr(timezone, "now", lambda: datetime(2029, 1, 1, 9, 0, tzinfo=HELSINKI))
    apply("billing_vouchers")
    assert not Invoice.objects.exists()
    assert not Customer.objects.filter(pk=customer.pk).exists()
