"""S10: "other information collected with consent" lasts only as long as the additional-data consent."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from consent import services
from consent.models import ConsentPurpose, ConsentRecord
from consent.tokens import make_token
from tests.factories import ConsentRecordFactory, CustomerFactory, consent_purpose

pytestmark = pytest.mark.django_db

INFORMATION = "Harrastukset: golf, purjehdus"
REMOVED = "Tämän suostumuksen perusteella kerätyt muut tiedot poistettiin rekisteristä."


def customer_with(*purpose_keys):
    customer = CustomerFactory(consented_information=INFORMATION)
    for key in purpose_keys:
        ConsentRecordFactory(
            customer=customer, purpose=consent_purpose(key), recorded_at=timezone.now() - timedelta(days=2)
        )
    return customer


def test_withdrawing_the_additional_data_consent_removes_the_information():
    customer = customer_with("additional_data")
    record = services.withdraw_consent(
        customer=customer, purpose_key="additional_data", channel="web", ip_address="192.0.2.8"
    )
    customer.refresh_from_db()
    assert customer.consented_information == ""
    assert record.note == REMOVED


def test_the_removal_is_in_the_audit_trail():
    customer = customer_with("additional_data")
    services.withdraw_consent(
        customer=customer, purpose_key="additional_data", channel="web", ip_address="192.0.2.8"
    )
    change = (
        LogEntry.objects.get_for_object(customer).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    )
    assert "consented_information" in change.changes_dict


def test_withdrawing_another_consent_keeps_the_information():
    customer = customer_with("additional_data", "marketing")
    record = services.withdraw_consent(
        customer=customer, purpose_key="marketing", channel="web", ip_address="192.0.2.8"
    )
    customer.refresh_from_db()
    assert customer.consented_information == INFORMATION
    assert record.note == ""


def test_a_staff_members_note_is_kept_before_the_removal(customer_service_user):
    customer = customer_with("additional_data")
    record = services.withdraw_consent(
        customer=customer,
        purpose_key="additional_data",
        channel="phone",
        recorded_by=customer_service_user,
        note="Soitti " + "x" * 300,
    )
    assert record.note.startswith("Soitti xxx") and record.note.endswith(REMOVED)
    assert len(record.note) == 300


def test_withdrawing_on_the_customers_own_page_removes_the_information(client):
    customer = customer_with("additional_data")
    client.post(
        reverse("consent:manage", args=[make_token(customer)]),
        {"purpose": "additional_data", "action": "withdraw"},
    )
    customer.refresh_from_db()
    assert customer.consented_information == ""


def test_a_withdrawal_recorded_in_the_back_office_removes_the_information(client, customer_service_user):
    customer = customer_with("additional_data")
    client.force_login(customer_service_user)
    yesterday = timezone.localtime() - timedelta(days=1)
    response = client.post(
        reverse("admin:consent_consentrecord_add"),
        {
            "customer": customer.pk,
            "purpose": consent_purpose(ConsentPurpose.Key.ADDITIONAL_DATA).pk,
            "action": "withdraw",
            "channel": "paper",
            "recorded_at_0": yesterday.strftime("%d.%m.%Y"),
            "recorded_at_1": "09:00:00",
            "note": "Kirje arkistossa",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    customer.refresh_from_db()
    assert customer.consented_information == ""
    record = ConsentRecord.objects.get(customer=customer, action="withdraw")
    assert record.note == f"Kirje arkistossa {REMOVED}"


def test_a_withdrawal_cannot_be_dated_before_the_consent_it_withdraws(client, customer_service_user):
    """Otherwise the grant would stay the latest record and the consent would stay in force."""
    customer = customer_with("additional_data")
    client.force_login(customer_service_user)
    too_early = timezone.localtime() - timedelta(days=3)
    response = client.post(
        reverse("admin:consent_consentrecord_add"),
        {
            "customer": customer.pk,
            "purpose": consent_purpose(ConsentPurpose.Key.ADDITIONAL_DATA).pk,
            "action": "withdraw",
            "channel": "paper",
            "recorded_at_0": too_early.strftime("%d.%m.%Y"),
            "recorded_at_1": "09:00:00",
        },
    )
    assert response.status_code == 200
    assert "ei voi olla aiempi" in response.content.decode()
    customer.refresh_from_db()
    assert customer.consented_information == INFORMATION
    assert not ConsentRecord.objects.filter(customer=customer, action="withdraw").exists()
