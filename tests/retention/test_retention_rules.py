"""Each retention rule removes what is past its period and keeps the rest, to the day (S19–S21)."""

from datetime import date, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from privacy.retention.models import RetentionBatch, RetentionRule
from registry.models import Customer, Identifier, Invoice, Order
from tests.factories import (
    CareRelationshipFactory,
    CustomerFactory,
    IdentifierFactory,
    InvoiceFactory,
    OrderFactory,
    RepresentativeFactory,
)
from tests.retention.conftest import HELSINKI, apply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]


def test_identifier_unseen_for_twelve_months_is_removed_and_one_seen_on_the_boundary_is_kept():
    boundary = datetime(2025, 3, 15, 12, 0, tzinfo=HELSINKI)
    kept = IdentifierFactory(first_seen_at=boundary, last_seen_at=boundary)
    gone = IdentifierFactory(
        first_seen_at=boundary - timedelta(seconds=1), last_seen_at=boundary - timedelta(seconds=1)
    )
    apply("identifiers")
    assert list(Identifier.objects.all()) == [kept]
    assert LogEntry.objects.get_for_object(gone).filter(action=LogEntry.Action.DELETE).exists()


def test_vouchers_go_at_the_end_of_the_sixth_year_after_the_financial_year():
    old = InvoiceFactory(issued_on=date(2019, 12, 31))
    kept = InvoiceFactory(issued_on=date(2020, 1, 1))
    old_order = OrderFactory(ordered_at=datetime(2019, 12, 31, 23, 59, tzinfo=HELSINKI))
    kept_order = OrderFactory(ordered_at=datetime(2020, 1, 1, 0, 0, tzinfo=HELSINKI))
    apply("billing_vouchers")
    assert list(Invoice.objects.all()) == [kept]
    assert list(Order.objects.all()) == [kept_order]
    assert not Invoice.objects.filter(pk=old.pk).exists()
    assert not Order.objects.filter(pk=old_order.pk).exists()


def test_vouchers_of_2019_are_still_kept_on_the_last_day_of_2025(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 12, 31, 23, 0, tzinfo=HELSINKI))
    invoice = InvoiceFactory(issued_on=date(2019, 1, 1))
    apply("billing_vouchers")
    assert Invoice.objects.filter(pk=invoice.pk).exists()


def test_order_with_a_kept_invoice_is_kept():
    order = OrderFactory(ordered_at=datetime(2019, 6, 1, tzinfo=HELSINKI))
    InvoiceFactory(customer=order.customer, order=order, issued_on=date(2020, 1, 2))
    apply("billing_vouchers")
    assert Order.objects.filter(pk=order.pk).exists()


def test_customer_whose_last_care_relationship_ended_past_the_period_is_removed():
    # 36 months before 15 March 2026 is 15 March 2023: ended before it goes, on it stays.
    gone = CareRelationshipFactory(started_on=date(2020, 1, 1), ended_on=date(2023, 3, 14)).customer
    RepresentativeFactory(customer=gone)
    kept = CareRelationshipFactory(started_on=date(2020, 1, 1), ended_on=date(2023, 3, 15)).customer
    ongoing = CareRelationshipFactory(started_on=date(2020, 1, 1)).customer
    never_had_one = CustomerFactory()
    apply("ended_relationships")
    assert set(Customer.objects.all()) == {kept, ongoing, never_had_one}


def test_removed_customer_with_vouchers_keeps_only_what_the_vouchers_need():
    relationship = CareRelationshipFactory(started_on=date(2020, 1, 1), ended_on=date(2022, 1, 1))
    customer = relationship.customer
    invoice = InvoiceFactory(customer=customer, issued_on=date(2021, 5, 1))
    apply("ended_relationships")
    customer.refresh_from_db()
    assert customer.email == "" and customer.phone == ""
    assert Invoice.objects.filter(pk=invoice.pk).exists()
    assert customer.relationship_endings.get().data_removed_at is not None


def test_customer_kept_for_vouchers_goes_with_the_last_voucher(monkeypatch):
    customer = CareRelationshipFactory(started_on=date(2018, 1, 1), ended_on=date(2019, 1, 1)).customer
    InvoiceFactory(customer=customer, issued_on=date(2020, 5, 1))
    apply("ended_relationships")
    assert Customer.objects.filter(pk=customer.pk).exists()
    monkeypatch.setattr(timezone, "now", lambda: datetime(2027, 1, 1, 9, 0, tzinfo=HELSINKI))
    apply("billing_vouchers")
    assert not Customer.objects.filter(pk=customer.pk).exists()


def test_old_audit_entries_go_only_when_neither_the_record_nor_its_customer_is_held():
    held = IdentifierFactory()
    removed_of_held_customer = IdentifierFactory(customer=held.customer)
    removed_of_held_customer.delete()
    gone_customer = CustomerFactory()
    gone_identifier = IdentifierFactory(customer=gone_customer)
    gone_pk = gone_customer.pk
    gone_customer.delete()  # takes the identifier with it
    LogEntry.objects.update(timestamp=timezone.now() - timedelta(days=5 * 366))
    recent_customer = CustomerFactory()
    apply("audit_entries")
    assert LogEntry.objects.get_for_object(held).exists()
    assert LogEntry.objects.get_for_object(held.customer).exists()
    # The deleted identifier of a customer still held stays in the customer's history.
    assert LogEntry.objects.filter(customer_link__customer_id=held.customer.pk, action=LogEntry.Action.DELETE)
    assert not LogEntry.objects.filter(customer_link__customer_id=gone_pk).exists()
    assert not LogEntry.objects.filter(object_pk=str(gone_identifier.pk), content_type__model="identifier")
    assert LogEntry.objects.get_for_object(recent_customer).exists()


def test_audit_entry_exactly_at_the_period_is_kept():
    customer = CustomerFactory()
    entry = LogEntry.objects.get_for_object(customer).get()
    customer.delete()
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=datetime(2021, 3, 15, 12, 0, tzinfo=HELSINKI))
    apply("audit_entries")
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=datetime(2021, 3, 15, 11, 59, tzinfo=HELSINKI))
    apply("audit_entries")
    assert not LogEntry.objects.filter(pk=entry.pk).exists()


def test_changed_period_is_what_the_job_uses():
    rule = RetentionRule.objects.get(key="identifiers")
    rule.period = 24
    rule.save()
    seen = datetime(2024, 6, 1, tzinfo=HELSINKI)
    identifier = IdentifierFactory(first_seen_at=seen, last_seen_at=seen)
    apply("identifiers")
    assert Identifier.objects.filter(pk=identifier.pk).exists()


def test_every_batch_is_recorded():
    seen = datetime(2020, 1, 1, tzinfo=HELSINKI)
    IdentifierFactory(first_seen_at=seen, last_seen_at=seen)
    apply("identifiers")
    batch = RetentionBatch.objects.get()
    assert (batch.rule.key, batch.removed) == ("identifiers", 1)


def test_customer_erased_on_request_goes_with_the_last_voucher(
    monkeypatch, customer_service_user, responsible_person
):
    """S19: the name kept for the vouchers is not kept a day longer than they are."""
    from privacy import services
    from tests.privacy.conftest import in_progress

    customer = CustomerFactory(first_name="Aino", last_name="Poistettava")
    InvoiceFactory(customer=customer, issued_on=date(2020, 5, 1))
    dsr = in_progress(customer_service_user, customer=customer, kind="erasure")
    services.approve_request(
        request=services.propose_erasure(request=dsr, by=customer_service_user), by=responsible_person
    )
    customer.refresh_from_db()
    assert customer.last_name == "Poistettava" and customer.email == ""  # kept for the voucher only

    apply("billing_vouchers")  # 2026: the 2020 voucher is kept until the end of 2026
    assert Customer.objects.filter(pk=customer.pk).exists()

    monkeypatch.setattr(timezone, "now", lambda: datetime(2027, 1, 1, 9, 0, tzinfo=HELSINKI))
    apply("billing_vouchers")
    assert not Customer.objects.filter(pk=customer.pk).exists()
    # The erasure request itself, made in the customer's name, is evidence kept
    # under its own rule (handled_requests); nothing else keeps the name.
    from django.contrib.contenttypes.models import ContentType

    from privacy.models import DataSubjectRequest

    requests = ContentType.objects.get_for_model(DataSubjectRequest)
    assert (
        not LogEntry.objects.filter(changes__icontains="Poistettava").exclude(content_type=requests).exists()
    )


def test_a_customer_with_no_erasure_or_ending_stays_when_their_old_vouchers_go(monkeypatch):
    customer = CustomerFactory()
    InvoiceFactory(customer=customer, issued_on=date(2019, 5, 1))
    apply("billing_vouchers")
    assert not Invoice.objects.filter(customer=customer).exists()
    assert Customer.objects.filter(pk=customer.pk).exists()
