"""Ending a customer relationship (S20) and removal after misuse (S21) are recorded with a reason."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from privacy.retention.models import RelationshipEnding
from privacy.retention.services import end_customer_relationship, remove_customer_after_misuse
from registry.models import Customer, Invoice, Representative
from tests.factories import CareRelationshipFactory, CustomerFactory, InvoiceFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def test_ending_a_relationship_records_who_when_and_why_and_ends_care(responsible_person):
    relationship = CareRelationshipFactory()
    ending = end_customer_relationship(
        customer=relationship.customer, reason="Asiakas muutti pois", by=responsible_person
    )
    relationship.refresh_from_db()
    assert relationship.ended_on == timezone.localdate()
    assert (ending.kind, ending.reason, ending.recorded_by) == (
        "ended",
        "Asiakas muutti pois",
        responsible_person,
    )
    assert Customer.objects.filter(
        pk=relationship.customer.pk
    ).exists()  # removed later by the retention rule
    assert LogEntry.objects.get_for_object(ending).get().action == LogEntry.Action.CREATE


def test_ending_needs_a_reason(responsible_person):
    with pytest.raises(ValidationError) as error:
        end_customer_relationship(customer=CustomerFactory(), reason="  ", by=responsible_person)
    assert "reason" in error.value.message_dict
    assert not RelationshipEnding.objects.exists()


def test_relationship_cannot_be_ended_in_the_future(responsible_person):
    with pytest.raises(ValidationError):
        end_customer_relationship(
            customer=CustomerFactory(),
            reason="x",
            by=responsible_person,
            ended_on=date.today() + timedelta(days=2),
        )


def test_removal_after_misuse_deletes_now_but_keeps_billing_vouchers(responsible_person):
    customer = CustomerFactory(email="vaarinkayttaja@example.fi")
    RepresentativeFactory(customer=customer)
    invoice = InvoiceFactory(customer=customer)
    ending = remove_customer_after_misuse(
        customer=customer, reason="Petos, rikosilmoitus 1/2026", by=responsible_person
    )
    assert not Representative.objects.filter(customer=customer).exists()
    assert Invoice.objects.filter(pk=invoice.pk).exists()
    customer.refresh_from_db()
    assert customer.email == ""
    assert ending.kind == "misuse" and ending.data_removed_at is not None
    # The kept row tells staff why its details are gone, in Finnish.
    keep_until = date(invoice.issued_on.year + 6, 12, 31).isoformat()
    assert customer.source_detail == (
        f"Poistettu palvelun väärinkäytön vuoksi; säilytetään kirjanpidon tositteita varten {keep_until} asti."
    )
    assert "vaarinkayttaja@example.fi" not in str(
        LogEntry.objects.get_for_object(customer).values_list("changes")
    )


def test_removal_after_misuse_of_a_customer_without_vouchers_removes_the_customer(responsible_person):
    customer = CustomerFactory()
    ending = remove_customer_after_misuse(
        customer=customer, reason="Palvelun väärinkäyttö", by=responsible_person
    )
    assert not Customer.objects.filter(pk=customer.pk).exists()
    ending.refresh_from_db()
    assert ending.customer is None and ending.customer_number == customer.pk


def test_responsible_person_ends_a_relationship_in_the_admin(client, responsible_person):
    customer = CareRelationshipFactory().customer
    client.force_login(responsible_person)
    response = client.post(
        reverse("admin:retention_relationshipending_add"),
        {
            "customer": customer.pk,
            "kind": "ended",
            "ended_on": timezone.localdate().isoformat(),
            "reason": "Pyyntö",
        },
    )
    assert response.status_code == 302
    ending = RelationshipEnding.objects.get()
    assert ending.recorded_by == responsible_person


def test_other_staff_cannot_end_relationships_or_change_rules(client, customer_service_user):
    client.force_login(customer_service_user)
    assert client.get(reverse("admin:retention_relationshipending_add")).status_code == 403
    assert client.get(reverse("admin:retention_retentionrule_changelist")).status_code == 403


def test_responsible_person_reads_rules_and_changes_only_the_period(client, responsible_person):
    from privacy.retention.models import RetentionRule

    rule = RetentionRule.objects.get(key="billing_vouchers")
    client.force_login(responsible_person)
    page = client.get(reverse("admin:retention_retentionrule_changelist")).content.decode()
    assert "Kirjanpitolaki" in page or "Accounting Act" in page
    url = reverse("admin:retention_retentionrule_change", args=[rule.pk])
    response = client.post(url, {"period": 5, "unit": "days"})
    assert response.status_code == 200  # refused: the law requires six years
    rule.refresh_from_db()
    assert (rule.period, rule.unit) == (6, "years")
    client.post(url, {"period": 7, "unit": "days"})
    rule.refresh_from_db()
    assert (rule.period, rule.unit) == (7, "years")
    assert (
        client.post(
            reverse("admin:retention_retentionrule_delete", args=[rule.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_a_customer_removed_when_the_relationship_ended_is_not_said_to_have_asked_for_it(
    responsible_person,
):
    """S20: the note on a row kept for its vouchers gives the true reason, not "at the customer's request"."""
    from privacy.retention.services import remove_customer_data

    customer = CustomerFactory()
    invoice = InvoiceFactory(customer=customer)
    ending = end_customer_relationship(customer=customer, reason="Asiakas muutti pois", by=responsible_person)
    remove_customer_data(customer=customer, ending=ending)
    customer.refresh_from_db()
    assert customer.source_detail == (
        "Poistettu asiakassuhteen päätyttyä; säilytetään kirjanpidon tositteita varten "
        f"{invoice.issued_on.year + 6}-12-31 asti."
    )
