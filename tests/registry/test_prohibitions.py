"""Prohibitions are enforced in code and impossible for staff to miss (S37, S38)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from registry.models import Customer, Disclosure
from registry.services import record_disclosure, set_restriction
from tests.factories import CustomerFactory

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
