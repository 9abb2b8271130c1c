"""The consent app's parts of the access report (S33, S35) and of erasure (S19)."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from consent.models import ConsentRecord, CookieChoice
from consent.selectors import access_report_part
from consent.services import erase_customer_part, withdraw_consent
from tests.factories import ConsentRecordFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def test_the_access_report_lists_every_grant_and_withdrawal_with_its_evidence():
    customer = ConsentRecordFactory().customer
    withdraw_consent(customer=customer, purpose_key="joint_register", channel="web", ip_address="192.0.2.8")
    with translation.override("fi"):
        (section,) = access_report_part(customer)
    assert section["key"] == "consents"
    assert section["title"] == "Suostumukset"
    assert [record["toimenpide"] for record in section["records"]] == [
        "suostumus peruutettu",
        "suostumus annettu",
    ]
    assert section["records"][0]["todiste"] == "192.0.2.8"
    assert all(isinstance(value, str) for record in section["records"] for value in record.values())


def test_another_customers_consents_are_not_in_the_report():
    customer = CustomerFactory()
    ConsentRecordFactory()
    assert access_report_part(customer)[0]["records"] == []


def test_erasure_deletes_the_customers_consent_records_and_keeps_nothing():
    customer = ConsentRecordFactory().customer
    other = ConsentRecordFactory()
    result = erase_customer_part(customer=customer)
    assert len(result["deleted"]) == 1 and result["kept"] == []
    assert not ConsentRecord.objects.filter(customer=customer).exists()
    assert ConsentRecord.objects.filter(pk=other.pk).exists()


def test_erasure_leaves_a_deletion_entry_in_the_audit_trail_for_each_record():
    record = ConsentRecordFactory()
    erase_customer_part(customer=record.customer)
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ConsentRecord),
        object_pk=str(record.pk),
        action=LogEntry.Action.DELETE,
    ).exists()


def test_erasure_does_not_touch_the_anonymous_cookie_log(client):
    client.post("/evasteet/", {"action": "reject_all"})
    erase_customer_part(customer=ConsentRecordFactory().customer)
    assert CookieChoice.objects.count() == 1
