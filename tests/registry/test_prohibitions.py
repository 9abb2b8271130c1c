"""Prohibitions are enforced in code and impossible for staff to miss (S37, S38)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from registry.models import Customer, Disclosure
from registry.services import record_disclosure, set_restriction
from tests.factories import CareRelationshipFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def test_prohibited_disclosure_is_refused_unless_the_law_requires_it(responsible_person):
    customer = set_restriction(customer=CustomerFactory(), restriction="disclosure")
    with pytest.raises(ValidationError, match="kieltänyt"):
        record_disclosure(
            customer=customer,
            recipient="Vakuutusyhtiö Oy",
            basis=Disclosure.Basis.CONSENT,
            legal_ground="Asiakkaan suostumus",
            data_disclosed="Yhteystiedot",
            disclosed_by=responsible_person,
        )
    assert not customer.disclosures.exists()
    required = record_disclosure(
        customer=customer,
        recipient="Poliisi",
        basis=Disclosure.Basis.LEGAL_OBLIGATION,
        legal_ground="Poliisilaki 4 luku 3 §",
        data_disclosed="Yhteystiedot",
        disclosed_by=responsible_person,
    )
    assert list(customer.disclosures.all()) == [required]


def test_restricted_customer_shows_a_warning_in_the_admin(client, customer_service_user):
    customer = set_restriction(customer=CustomerFactory(), restriction="processing")
    client.force_login(customer_service_user)
    response = client.get(reverse("admin:registry_customer_change", args=[customer.pk]))
    assert "Huom" in response.content.decode()
    assert "käsittely kielletty" in response.content.decode()


def test_customer_without_restrictions_shows_no_warning(client, customer_service_user):
    customer = CustomerFactory()
    client.force_login(customer_service_user)
    response = client.get(reverse("admin:registry_customer_change", args=[customer.pk]))
    assert "käsittely kielletty" not in response.content.decode()


def test_processing_allowed_leaves_out_prohibited_and_restricted_customers():
    free = CustomerFactory()
    set_restriction(customer=CustomerFactory(), restriction="processing")
    set_restriction(customer=CustomerFactory(), restriction="restriction")
    assert list(Customer.objects.processing_allowed()) == [free]


def test_lifting_a_prohibition_clears_it_and_is_logged():
    from auditlog.models import LogEntry

    customer = set_restriction(customer=CustomerFactory(), restriction="direct_marketing")
    assert customer.direct_marketing_prohibited
    customer = set_restriction(customer=customer, restriction="direct_marketing", active=False)
    assert not customer.direct_marketing_prohibited
    changes = LogEntry.objects.get_for_object(customer).filter(action=LogEntry.Action.UPDATE)
    assert changes.count() == 2


@pytest.mark.parametrize("restriction", ["processing", "restriction"])
@pytest.mark.parametrize("basis", [Disclosure.Basis.CONSENT, Disclosure.Basis.LEGAL_PERMISSION])
def test_prohibited_or_restricted_processing_refuses_a_disclosure_the_law_does_not_require(
    responsible_person, restriction, basis
):
    # S38: "we process your data only as far as the law obliges us".
    customer = set_restriction(customer=CustomerFactory(), restriction=restriction)
    with pytest.raises(ValidationError, match="kieltänyt tai rajoittanut tietojensa käsittelyn"):
        record_disclosure(
            customer=customer,
            recipient="Vakuutusyhtiö Oy",
            basis=basis,
            legal_ground="Asiakkaan suostumus",
            data_disclosed="Yhteystiedot",
            disclosed_by=responsible_person,
        )
    assert not customer.disclosures.exists()


@pytest.mark.parametrize("restriction", ["processing", "restriction"])
def test_prohibited_or_restricted_processing_still_allows_a_disclosure_the_law_requires(
    responsible_person, restriction
):
    customer = set_restriction(customer=CustomerFactory(), restriction=restriction)
    required = record_disclosure(
        customer=customer,
        recipient="Poliisi",
        basis=Disclosure.Basis.LEGAL_OBLIGATION,
        legal_ground="Poliisilaki 4 luku 3 §",
        data_disclosed="Yhteystiedot",
        disclosed_by=responsible_person,
    )
    assert list(customer.disclosures.all()) == [required]


def change_url(customer):
    return reverse("admin:registry_customer_change", args=[customer.pk])


def contact_change(customer, **overrides):
    from tests.registry.test_validation import customer_form

    return customer_form(
        first_name=customer.first_name,
        last_name=customer.last_name,
        loaded_version=str(customer.version),
        **overrides,
    )


@pytest.mark.parametrize("restriction", ["processing", "restriction"])
def test_customer_service_can_only_view_a_customer_who_restricted_processing(
    client, customer_service_user, restriction
):
    customer = set_restriction(
        customer=CustomerFactory(email="ennallaan@example.fi"), restriction=restriction
    )
    client.force_login(customer_service_user)
    page = client.get(change_url(customer)).content.decode()
    assert 'name="email"' not in page
    assert "Vain rekisterivastaava" in page  # the page says why
    response = client.post(change_url(customer), contact_change(customer, email="uusi@example.fi"))
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.email == "ennallaan@example.fi"


def test_no_rows_can_be_added_to_a_restricted_customer(client, customer_service_user):
    customer = set_restriction(customer=CustomerFactory(), restriction="processing")
    client.force_login(customer_service_user)
    response = client.get(change_url(customer))
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert formsets["feedback"].max_num == 0
    assert formsets["representatives"].max_num == 0
    assert not formsets["representatives"].can_delete


def test_practitioner_can_only_view_their_own_customer_who_restricted_processing(client, practitioner_user):
    customer = CareRelationshipFactory(practitioner=practitioner_user.practitioner).customer
    customer = set_restriction(customer=customer, restriction="restriction")
    client.force_login(practitioner_user)
    assert 'name="email"' not in client.get(change_url(customer)).content.decode()
    assert client.post(change_url(customer), contact_change(customer)).status_code == 403


def test_responsible_person_can_still_change_a_customer_who_restricted_processing(client, responsible_person):
    customer = set_restriction(customer=CustomerFactory(), restriction="processing")
    client.force_login(responsible_person)
    page = client.get(change_url(customer)).content.decode()
    assert 'name="email"' in page
    assert "Vain rekisterivastaava" not in page
    response = client.post(change_url(customer), contact_change(customer, email="oikaistu@example.fi"))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.email == "oikaistu@example.fi"


def test_a_prohibition_of_marketing_alone_leaves_the_customer_editable(client, customer_service_user):
    customer = set_restriction(customer=CustomerFactory(), restriction="direct_marketing")
    client.force_login(customer_service_user)
    assert 'name="email"' in client.get(change_url(customer)).content.decode()
