"""The access report tells the customer who viewed or changed their data, when and in what role (S33, S39)."""

import pytest
from django.urls import reverse
from django.utils import translation

from privacy.audit.selectors import access_report_part
from tests.factories import CustomerFactory, ExtranetAccountFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def report_records(customer):
    with translation.override("en"):
        [section] = access_report_part(customer)
    assert section["key"] == "audit_trail"
    return section["records"]


def test_access_report_lists_who_viewed_the_customer_and_in_what_role(client, customer_service_user):
    customer_service_user.first_name, customer_service_user.last_name = "Sanna", "Lehtinen"
    customer_service_user.save()
    customer = CustomerFactory()
    client.force_login(customer_service_user)
    client.get(reverse("admin:registry_customer_change", args=[customer.pk]))
    viewed = [r for r in report_records(customer) if r["action"] == "viewed"]
    assert len(viewed) == 1
    assert viewed[0]["staff member"] == "Sanna Lehtinen"
    assert viewed[0]["role"] == "Asiakaspalvelu"
    assert viewed[0]["data"] == "Customer"


def test_access_report_includes_changes_to_related_rows_without_their_values():
    customer = CustomerFactory()
    representative = RepresentativeFactory(customer=customer, email="huoltaja@example.fi")
    representative.email = "uusi.huoltaja@example.fi"
    representative.save()
    records = report_records(customer)
    changes = [r for r in records if r["data"] == "Representative" and r["action"] == "changed"]
    assert changes and changes[0]["fields changed"] == "e-mail"
    assert "huoltaja@example.fi" not in str(records)


def test_access_report_keeps_entries_of_deleted_related_rows():
    customer = CustomerFactory()
    RepresentativeFactory(customer=customer).delete()
    actions = {(r["data"], r["action"]) for r in report_records(customer)}
    assert ("Representative", "deleted") in actions


def test_access_report_leaves_out_other_customers_and_passwords():
    customer = CustomerFactory()
    other = CustomerFactory(last_name="Toinen")
    account = ExtranetAccountFactory(customer=customer)
    records = report_records(customer)
    assert len(records) == 2  # the customer and the extranet account being created
    assert "Toinen" not in str(records)
    assert account.password not in str(records)
    assert all("password" not in r["fields changed"] for r in records)
    assert report_records(other)[0]["action"] == "created"


def test_entry_without_a_staff_member_is_shown_as_the_system():
    customer = CustomerFactory()
    [record] = report_records(customer)
    assert record["staff member"] == "the system (automatic processing)"
    assert record["role"] == ""


def test_the_inspection_answer_carries_the_log_data_in_finnish(client, customer_service_user):
    from privacy.report import build_access_report

    customer = CustomerFactory()
    client.force_login(customer_service_user)
    client.get(reverse("admin:registry_customer_change", args=[customer.pk]))
    with translation.override("fi"):
        report = build_access_report(customer)
    [section] = [s for s in report["sections"] if s["key"] == "audit_trail"]
    assert section["title"] == "Kuka on katsonut tai muuttanut tietojasi"
    viewed = [r for r in section["records"] if r["toimenpide"] == "katsottu"]
    assert viewed and viewed[0]["rooli"] == "Asiakaspalvelu"
