"""Bad input in the back-office is a form error in Finnish, never a 500, and nothing is stored."""

import pytest
from django.urls import reverse

from registry.models import Customer
from tests.factories import BillingProfileFactory, CustomerFactory

pytestmark = pytest.mark.django_db

ADD_CUSTOMER = reverse("admin:registry_customer_add")


def customer_form(**overrides):
    data = {
        "first_name": "Aino",
        "last_name": "Virtanen",
        "phone": "040 123 4567",
        "email": "aino.virtanen@example.fi",
        "preferred_language": "fi",
        "source": "customer",
        "loaded_version": "0",
    }
    for prefix in [
        "representatives",
        "care_relationships",
        "identifiers",
        "feedback",
        "extranet_account",
        "billing_profile",
        "invoices",
        "disclosures",
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_phone_typed_in_national_form_is_stored_in_international_form(client, customer_service_user):
    client.force_login(customer_service_user)
    response = client.post(ADD_CUSTOMER, customer_form(phone="040 123 4567"))
    assert response.status_code == 302
    assert Customer.objects.get().phone == "+358401234567"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12", "Anna kelvollinen puhelinnumero"),
        ("email", "aino@", "Syötä kelvollinen sähköpostiosoite"),
        ("company_website", "ei osoite", "Syötä oikea URL"),
    ],
)
def test_bad_contact_data_is_a_finnish_form_error_and_nothing_is_stored(
    client, customer_service_user, field, value, message
):
    client.force_login(customer_service_user)
    response = client.post(ADD_CUSTOMER, customer_form(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Customer.objects.exists()


def test_invalid_iban_is_refused_with_finnish_message(client, billing_user):
    profile = BillingProfileFactory()
    client.force_login(billing_user)
    url = reverse("admin:registry_billingprofile_change", args=[profile.pk])
    response = client.post(
        url,
        {
            "customer": profile.customer.pk,
            "bank_account": "FI21 1234 5600 0007 86",
            "billing_email": "lasku@example.fi",
            "source": "customer",
        },
    )
    assert response.status_code == 200
    assert "Anna kelvollinen IBAN-tilinumero" in response.content.decode()
    profile.refresh_from_db()
    assert profile.bank_account == "FI2112345600000785"


def test_iban_with_spaces_is_stored_compact():
    profile = BillingProfileFactory(bank_account="fi21 1234 5600 0007 85")
    profile.full_clean()
    assert profile.bank_account == "FI2112345600000785"


def test_practitioner_business_id_checksum_is_verified(client, responsible_person):
    client.force_login(responsible_person)
    response = client.post(
        reverse("admin:registry_practitioner_add"),
        {
            "first_name": "Maria",
            "last_name": "Sundström",
            "profession": "puheterapeutti",
            "business_id": "3386427-9",
        },
    )
    assert response.status_code == 200
    assert "Anna kelvollinen Y-tunnus" in response.content.decode()


def test_ip_identifier_must_be_an_ip_address(client, customer_service_user):
    customer = CustomerFactory()
    client.force_login(customer_service_user)
    data = customer_form(
        first_name=customer.first_name,
        last_name=customer.last_name,
        phone=customer.phone,
        email=customer.email,
        **{
            "identifiers-TOTAL_FORMS": "1",
            "identifiers-0-kind": "ip_address",
            "identifiers-0-value": "999.1.1.1",
            "identifiers-0-first_seen_at_0": "1.1.2026",
            "identifiers-0-first_seen_at_1": "12:00",
            "identifiers-0-last_seen_at_0": "1.1.2026",
            "identifiers-0-last_seen_at_1": "12:00",
            "identifiers-0-source": "website",
        },
    )
    response = client.post(reverse("admin:registry_customer_change", args=[customer.pk]), data)
    assert response.status_code == 200
    assert "Anna kelvollinen IPv4- tai IPv6-osoite" in response.content.decode()
    assert not customer.identifiers.exists()
