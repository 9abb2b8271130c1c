"""Erasure (S19): delete what may be deleted, keep exactly what the Accounting Act requires, redact the log."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from privacy import services
from privacy.models import LegalHold
from registry.models import Customer, Identifier, Invoice, Order, Representative
from registry.services import erase_customer_part
from tests.factories import (
    BillingProfileFactory,
    CustomerFactory,
    DisclosureFactory,
    FeedbackFactory,
    IdentifierFactory,
    InvoiceFactory,
    OrderFactory,
    RepresentativeFactory,
)
from tests.privacy.conftest import in_progress

pytestmark = pytest.mark.django_db


def approved_erasure(customer, handler, approver):
    dsr = in_progress(handler, customer=customer, kind="erasure")
    dsr = services.propose_erasure(request=dsr, by=handler)
    return services.approve_request(request=dsr, by=approver)


def test_customer_without_vouchers_is_deleted_entirely(customer_service_user, responsible_person):
    customer = CustomerFactory()
    RepresentativeFactory(customer=customer)
    IdentifierFactory(customer=customer)
    FeedbackFactory(customer=customer)
    BillingProfileFactory(customer=customer)
    dsr = approved_erasure(customer, customer_service_user, responsible_person)
    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert dsr.customer is None
    assert dsr.state == "completed"
    kept_items = [k["item"] for k in dsr.outcome["erasure"]["kept"]]
    assert all(item.startswith(f"{dsr.received_on} vastaanotettu pyyntö") for item in kept_items)


def test_only_vouchers_within_the_accounting_period_are_kept(customer_service_user, responsible_person):
    customer = CustomerFactory(company_name="Virtanen Oy")
    today = timezone.localdate()
    recent = InvoiceFactory(customer=customer, issued_on=today - timedelta(days=40))
    old_order = OrderFactory(customer=customer, ordered_at=timezone.now().replace(year=today.year - 8))
    old = InvoiceFactory(
        customer=customer,
        order=old_order,
        issued_on=date(today.year - 8, 3, 1),
        due_on=date(today.year - 8, 3, 15),
    )
    DisclosureFactory(customer=customer)
    RepresentativeFactory(customer=customer)

    dsr = approved_erasure(customer, customer_service_user, responsible_person)

    assert list(Invoice.objects.all()) == [recent]
    assert not Order.objects.filter(pk=old_order.pk).exists()
    assert not Invoice.objects.filter(pk=old.pk).exists()
    assert not Representative.objects.exists()
    customer.refresh_from_db()
    assert (customer.first_name, customer.last_name, customer.company_name) != ("", "", "")
    assert customer.email == "" and customer.phone == ""
    assert customer.processing_restricted and customer.disclosure_prohibited
    assert customer.source_detail == (
        "Poistettu asiakkaan pyynnöstä; säilytetään kirjanpidon tositteita varten "
        f"{recent.issued_on.year + 6}-12-31 asti."
    )
    holds = {hold.item: hold for hold in LegalHold.objects.filter(request=dsr)}
    invoice_hold = holds[f"lasku {recent.number}, päivätty {recent.issued_on.isoformat()}"]
    assert invoice_hold.keep_until == date(recent.issued_on.year + 6, 12, 31)
    assert "Kirjanpitolaki" in invoice_hold.legal_ground
    accounting_holds = [h for h in holds.values() if "Kirjanpitolaki" in h.legal_ground]
    assert len(accounting_holds) == 2, "the invoice and the name it needs; nothing else under the Act"


def test_erasure_keeps_the_fact_of_each_change_but_not_the_values(customer_service_user, responsible_person):
    customer = CustomerFactory(email="vanha@example.fi", phone="+358401112223")
    customer.email = "uusi@example.fi"
    customer.save()
    identifier = IdentifierFactory(customer=customer, value="198.51.100.7")
    InvoiceFactory(customer=customer)
    customer_type = ContentType.objects.get_for_model(Customer)
    entries_before = LogEntry.objects.filter(content_type=customer_type, object_pk=str(customer.pk)).count()

    approved_erasure(customer, customer_service_user, responsible_person)

    customer_entries = LogEntry.objects.filter(content_type=customer_type, object_pk=str(customer.pk))
    assert customer_entries.count() >= entries_before
    for entry in customer_entries:
        text = f"{entry.changes} {entry.object_repr} {entry.serialized_data} {entry.changes_text}"
        assert "vanha@example.fi" not in text and "uusi@example.fi" not in text and "Virtanen" not in text
    email_change = customer_entries.filter(action=LogEntry.Action.UPDATE).order_by("timestamp").first()
    assert "email" in email_change.changes, "the fact that the e-mail was changed stays"
    identifier_entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Identifier), object_pk=str(identifier.pk)
    )
    assert identifier_entries.filter(action=LogEntry.Action.DELETE).exists()
    assert not any("198.51.100.7" in str(e.changes) + str(e.serialized_data) for e in identifier_entries)


def test_erasure_is_idempotent(customer_service_user, responsible_person):
    customer = CustomerFactory()
    InvoiceFactory(customer=customer)
    dsr = approved_erasure(customer, customer_service_user, responsible_person)
    first = dict(dsr.outcome["erasure"])
    again = services.erase_customer(request=dsr, approved_by=responsible_person)
    assert again == first
    assert LegalHold.objects.filter(request=dsr).count() == len(first["kept"])
    second_run = erase_customer_part(customer=Customer.objects.get(pk=customer.pk))
    assert second_run["deleted"] == []
    assert Invoice.objects.filter(customer=customer).count() == 1


def test_erasure_is_atomic_when_a_part_fails(customer_service_user, responsible_person, settings):
    customer = CustomerFactory()
    RepresentativeFactory(customer=customer)
    settings.ERASURE_PARTS = [*settings.ERASURE_PARTS, "tests.privacy.test_erasure.failing_part"]
    dsr = in_progress(customer_service_user, customer=customer, kind="erasure")
    dsr = services.propose_erasure(request=dsr, by=customer_service_user)
    with pytest.raises(RuntimeError):
        services.approve_request(request=dsr, by=responsible_person)
    assert Representative.objects.filter(customer=customer).exists()
    dsr.refresh_from_db()
    assert dsr.state == "awaiting_approval"


def failing_part(*, customer, reason):
    raise RuntimeError("a part failed")


def test_erasure_letter_lists_deleted_and_kept_items_with_grounds(customer_service_user, responsible_person):
    customer = CustomerFactory()
    invoice = InvoiceFactory(customer=customer)
    FeedbackFactory(customer=customer)
    dsr = approved_erasure(customer, customer_service_user, responsible_person)
    html = dsr.letters.get(kind="answer").html
    assert "palaute (1)" in html
    assert invoice.number in html
    assert f"31.12.{invoice.issued_on.year + 6}" in html
    assert "kirjanpitolain (1336/1997) 2 luvun 10 §" in html


def test_customer_service_cannot_approve_an_erasure(customer_service_user):
    customer = CustomerFactory()
    dsr = in_progress(customer_service_user, customer=customer, kind="erasure")
    dsr = services.propose_erasure(request=dsr, by=customer_service_user)
    with pytest.raises(ValidationError, match="Vain rekisterivastaava"):
        services.approve_request(request=dsr, by=customer_service_user)
    assert Customer.objects.filter(pk=customer.pk).exists()


def representative_entries(pk):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Representative), object_pk=str(pk)
    )


def test_erasure_removes_values_of_rows_staff_deleted_earlier(customer_service_user, responsible_person):
    """S19, G4: a representative removed long before the erasure leaves no name or phone in the trail."""
    customer = CustomerFactory()
    old = RepresentativeFactory(
        customer=customer, first_name="Salainen", last_name="Edustaja", phone="+358401112223"
    )
    old_pk = old.pk
    entries_before = representative_entries(old_pk).count()
    old.delete()

    approved_erasure(customer, customer_service_user, responsible_person)

    entries = representative_entries(old_pk)
    assert entries.count() == entries_before + 1, "the entries themselves stay"
    assert entries.filter(action=LogEntry.Action.DELETE).exists()
    for entry in entries:
        text = f"{entry.changes} {entry.object_repr} {entry.serialized_data} {entry.changes_text}"
        assert "Salainen" not in text and "Edustaja" not in text and "401112223" not in text
    deletion = entries.get(action=LogEntry.Action.DELETE)
    assert "first_name" in deletion.changes, "the fact of which fields there were stays"


def test_erasure_leaves_other_customers_trail_alone(customer_service_user, responsible_person):
    customer = CustomerFactory()
    RepresentativeFactory(customer=customer).delete()
    neighbour = RepresentativeFactory(customer=CustomerFactory(), first_name="Naapuri")
    neighbour_pk = neighbour.pk
    neighbour.delete()

    approved_erasure(customer, customer_service_user, responsible_person)

    assert all("Naapuri" in str(entry.changes) for entry in representative_entries(neighbour_pk))
