"""Consent records are append-only; the present state is derived from them (S8, GDPR Art. 7)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from consent import selectors, services
from consent.models import ConsentRecord, PrivacyNotice
from tests.factories import ConsentRecordFactory, CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Error messages are matched in English, the source language."""
    with translation.override("en"):
        yield


def test_a_consent_record_cannot_be_edited():
    record = ConsentRecordFactory()
    record.action = "withdraw"
    with pytest.raises(ValidationError):
        record.save()
    record.refresh_from_db()
    assert record.action == "grant"


def test_withdrawal_is_a_new_record_and_the_grant_stays_in_the_history(customer_service_user):
    customer = CustomerFactory()
    services.give_consent(
        customer=customer, purpose_key="marketing", channel="paper", recorded_by=customer_service_user
    )
    services.withdraw_consent(
        customer=customer, purpose_key="marketing", channel="phone", recorded_by=customer_service_user
    )
    history = list(selectors.consent_history(customer))
    assert [record.action for record in history] == ["withdraw", "grant"]


def test_current_state_follows_the_latest_record(customer_service_user):
    customer = CustomerFactory()
    assert selectors.consents_in_force(customer) == set()
    services.give_consent(
        customer=customer, purpose_key="research", channel="paper", recorded_by=customer_service_user
    )
    assert selectors.consents_in_force(customer) == {"research"}
    services.withdraw_consent(
        customer=customer, purpose_key="research", channel="paper", recorded_by=customer_service_user
    )
    assert selectors.consents_in_force(customer) == set()
    services.give_consent(
        customer=customer, purpose_key="research", channel="paper", recorded_by=customer_service_user
    )
    assert selectors.consents_in_force(customer) == {"research"}


def test_a_later_dated_paper_withdrawal_wins_over_an_earlier_web_grant(customer_service_user):
    customer = CustomerFactory()
    grant = ConsentRecordFactory(customer=customer, recorded_at=timezone.now() - timedelta(days=2))
    ConsentRecordFactory(
        customer=customer,
        text=grant.text,
        action="withdraw",
        channel="paper",
        recorded_by=customer_service_user,
        recorded_at=timezone.now() - timedelta(days=1),
    )
    assert not selectors.has_consent(customer, "joint_register")


def test_withdrawing_a_consent_that_is_not_in_force_is_refused_with_a_reason():
    customer = CustomerFactory()
    with pytest.raises(ValidationError, match="no consent in force"):
        services.withdraw_consent(
            customer=customer, purpose_key="marketing", channel="web", ip_address="192.0.2.1"
        )
    assert not ConsentRecord.objects.filter(customer=customer).exists()


def test_a_web_consent_needs_the_browser_as_evidence():
    customer = CustomerFactory()
    with pytest.raises(ValidationError, match="IP address"):
        services.give_consent(customer=customer, purpose_key="marketing", channel="web")


def test_a_consent_taken_by_staff_needs_the_staff_member():
    customer = CustomerFactory()
    with pytest.raises(ValidationError, match="staff member"):
        services.give_consent(customer=customer, purpose_key="marketing", channel="phone")


def test_a_record_refers_to_the_text_version_and_the_notice_in_force(customer_service_user):
    record = services.give_consent(
        customer=CustomerFactory(),
        purpose_key="marketing",
        channel="in_person",
        recorded_by=customer_service_user,
    )
    assert record.text.version == 1 and record.text.is_published
    assert record.notice == PrivacyNotice.current()


def test_staff_record_a_consent_on_the_customers_page_and_cannot_edit_it_afterwards(
    client, customer_service_user
):
    customer = CustomerFactory()
    client.force_login(customer_service_user)
    url = reverse("admin:registry_customer_change", args=[customer.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = _customer_form_data(page.context["adminform"].form, page.context["inline_admin_formsets"])
    prefix = "consent_records"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-purpose": str(selectors.ConsentPurpose.objects.get(key="joint_register").pk),
            f"{prefix}-0-action": "grant",
            f"{prefix}-0-channel": "paper",
            f"{prefix}-0-recorded_at_0": (timezone.localdate() - timedelta(days=1)).strftime("%d.%m.%Y"),
            f"{prefix}-0-recorded_at_1": "09:00:00",
            f"{prefix}-0-note": "Lomake arkistossa",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    record = ConsentRecord.objects.get(customer=customer)
    assert record.recorded_by == customer_service_user
    assert record.channel == "paper"
    record_url = reverse("admin:consent_consentrecord_change", args=[record.pk])
    assert client.post(record_url, {"action": "withdraw"}).status_code == 403
    delete_url = reverse("admin:consent_consentrecord_delete", args=[record.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ConsentRecord.objects.filter(pk=record.pk, action="grant").exists()


def _customer_form_data(form, inline_formsets):
    """The customer change form as the browser would post it unchanged."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
    for inline in inline_formsets:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management.initial.get(name, management[name].value())
    return {key: value for key, value in data.items() if value is not None}
