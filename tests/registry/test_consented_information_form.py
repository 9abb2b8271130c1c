"""S10: staff write "other information collected with consent" only while that consent is in force.

Text kept from before the check (legacy data) is not forced out by an
unrelated edit: only new or changed text needs the consent, and clearing the
field is always allowed.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consent import services
from registry.models import Customer
from tests.factories import ConsentRecordFactory, CustomerFactory, consent_purpose
from tests.registry.test_validation import customer_form

pytestmark = pytest.mark.django_db

INFORMATION = "Harrastukset: golf, purjehdus"
REFUSED = "Tähän saa kirjata vain tietoja, joiden keräämiseen asiakas on antanut suostumuksensa"


def consenting_customer(**fields):
    customer = CustomerFactory(**fields)
    ConsentRecordFactory(
        customer=customer,
        purpose=consent_purpose("additional_data"),
        recorded_at=timezone.now() - timedelta(days=1),
    )
    return customer


def change(client, customer, **fields):
    data = customer_form(
        first_name=customer.first_name,
        last_name=customer.last_name,
        phone=customer.phone,
        email=customer.email,
        company_name=customer.company_name,
        consented_information=customer.consented_information,
        loaded_version=str(customer.version),
    )
    data.update(fields)
    return client.post(reverse("admin:registry_customer_change", args=[customer.pk]), data)


@pytest.fixture
def staff_client(client, customer_service_user):
    client.force_login(customer_service_user)
    return client


def error_on_the_field(response):
    return " ".join(response.context["adminform"].form.errors.get("consented_information", []))


def test_information_without_the_consent_is_refused_and_nothing_is_saved(staff_client):
    customer = CustomerFactory(company_name="Telakka Oy")

    response = change(staff_client, customer, consented_information=INFORMATION, company_name="Pitsi Oy")

    assert response.status_code == 200
    assert REFUSED in error_on_the_field(response)
    assert "Kirjaa suostumus ensin tämän sivun kohtaan Suostumukset" in response.content.decode()
    stored = Customer.objects.get(pk=customer.pk)
    assert (stored.consented_information, stored.company_name, stored.version) == (
        "",
        "Telakka Oy",
        customer.version,
    )


def test_a_new_customer_cannot_be_added_with_the_information(staff_client):
    response = staff_client.post(
        reverse("admin:registry_customer_add"), customer_form(consented_information=INFORMATION)
    )

    assert response.status_code == 200
    assert "uudella asiakkaalla ole vielä suostumuksia" in error_on_the_field(response)
    assert not Customer.objects.exists()


def test_information_is_saved_while_the_consent_is_in_force(staff_client):
    customer = consenting_customer()

    response = change(staff_client, customer, consented_information=INFORMATION)

    assert response.status_code == 302
    assert Customer.objects.get(pk=customer.pk).consented_information == INFORMATION


def test_information_is_refused_once_the_consent_is_withdrawn(staff_client):
    customer = consenting_customer()
    services.withdraw_consent(
        customer=customer, purpose_key="additional_data", channel="web", ip_address="192.0.2.8"
    )
    customer.refresh_from_db()

    response = change(staff_client, customer, consented_information=INFORMATION)

    assert response.status_code == 200
    assert REFUSED in error_on_the_field(response)
    assert Customer.objects.get(pk=customer.pk).consented_information == ""


def test_another_consent_does_not_allow_the_information(staff_client):
    customer = CustomerFactory()
    ConsentRecordFactory(customer=customer, purpose=consent_purpose("marketing"))

    response = change(staff_client, customer, consented_information=INFORMATION)

    assert response.status_code == 200
    assert REFUSED in error_on_the_field(response)


def test_other_changes_save_after_a_withdrawal_blanked_the_information(staff_client):
    customer = consenting_customer(consented_information=INFORMATION)
    services.withdraw_consent(
        customer=customer, purpose_key="additional_data", channel="web", ip_address="192.0.2.8"
    )
    customer.refresh_from_db()

    response = change(staff_client, customer, company_name="Pitsi Oy")

    assert response.status_code == 302
    stored = Customer.objects.get(pk=customer.pk)
    assert (stored.company_name, stored.consented_information) == ("Pitsi Oy", "")


def test_information_kept_from_before_does_not_block_other_changes(staff_client):
    # Saved before the check existed, with no consent; the browser sends its line break back as CR LF.
    customer = CustomerFactory(consented_information="Harrastukset:\ngolf")

    response = change(
        staff_client, customer, company_name="Pitsi Oy", consented_information="Harrastukset:\r\ngolf"
    )

    assert response.status_code == 302
    assert Customer.objects.get(pk=customer.pk).company_name == "Pitsi Oy"


def test_changing_information_kept_from_before_needs_the_consent(staff_client):
    customer = CustomerFactory(consented_information="Harrastukset: golf")

    response = change(staff_client, customer, consented_information="Harrastukset: golf, tennis")

    assert response.status_code == 200
    assert REFUSED in error_on_the_field(response)
    assert Customer.objects.get(pk=customer.pk).consented_information == "Harrastukset: golf"


def test_information_kept_from_before_can_be_cleared_without_the_consent(staff_client):
    customer = CustomerFactory(consented_information="Harrastukset: golf")

    response = change(staff_client, customer, consented_information="")

    assert response.status_code == 302
    assert Customer.objects.get(pk=customer.pk).consented_information == ""


def test_a_stale_form_is_still_refused_with_the_consent_in_force(staff_client):
    customer = consenting_customer()
    opened_version = customer.version
    assert change(staff_client, customer, company_name="Eka Oy").status_code == 302

    response = change(
        staff_client, customer, consented_information=INFORMATION, loaded_version=str(opened_version)
    )

    assert response.status_code == 200
    assert "Joku muu muutti tätä asiakasta" in response.content.decode()
    assert Customer.objects.get(pk=customer.pk).consented_information == ""


def test_without_the_consent_hook_the_register_does_not_check(staff_client, settings):
    """The register works alone, without the consent app's answer."""
    settings.ADDITIONAL_DATA_CONSENT = ""
    customer = CustomerFactory()

    response = change(staff_client, customer, consented_information=INFORMATION)

    assert response.status_code == 302
    assert Customer.objects.get(pk=customer.pk).consented_information == INFORMATION
