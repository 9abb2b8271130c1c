"""A completed prohibition request is enforced by every code path that discloses, markets or analyses (S37, S38)."""

import pytest
from django.core.exceptions import ValidationError

from consent.selectors import marketing_recipients, research_cohort
from consent.services import give_consent
from privacy import services
from registry.models import Customer, Disclosure
from registry.services import record_disclosure
from tests.factories import CustomerFactory
from tests.privacy.conftest import in_progress

pytestmark = pytest.mark.django_db


def prohibited(kind, staff, **customer_fields):
    customer = CustomerFactory(**customer_fields)
    dsr = in_progress(staff, customer=customer, kind=kind)
    services.complete_request(request=dsr, by=staff)
    return Customer.objects.get(pk=customer.pk)


def consenting(purpose_key, customer):
    give_consent(
        customer=customer,
        purpose_key=purpose_key,
        channel="web",
        ip_address="192.0.2.5",
        user_agent="Firefox",
    )
    return customer


def test_prohibition_of_disclosure_refuses_a_disclosure_on_consent(customer_service_user, responsible_person):
    customer = prohibited("prohibit_disclosure", customer_service_user)
    with pytest.raises(ValidationError, match="kieltänyt"):
        record_disclosure(
            customer=customer,
            recipient="Vakuutusyhtiö Oy",
            basis=Disclosure.Basis.CONSENT,
            legal_ground="Suostumus",
            data_disclosed="Yhteystiedot",
            disclosed_by=responsible_person,
        )
    assert not customer.disclosures.exists()


def test_prohibition_of_disclosure_leaves_the_customer_out_of_research_exports(customer_service_user):
    free = consenting("research", CustomerFactory())
    customer = consenting("research", CustomerFactory())
    services.complete_request(
        request=in_progress(customer_service_user, customer=customer, kind="prohibit_disclosure"),
        by=customer_service_user,
    )
    assert list(research_cohort()) == [free]


def test_prohibition_of_direct_marketing_leaves_the_customer_off_the_mailing_list(customer_service_user):
    free = consenting("marketing", CustomerFactory())
    customer = consenting("marketing", CustomerFactory())
    services.complete_request(
        request=in_progress(customer_service_user, customer=customer, kind="prohibit_direct_marketing"),
        by=customer_service_user,
    )
    assert list(marketing_recipients()) == [free]


@pytest.mark.parametrize("kind", ["prohibit_processing", "restriction"])
def test_prohibition_or_restriction_of_processing_stops_analysis_marketing_and_research(
    customer_service_user, kind
):
    free = CustomerFactory()
    customer = consenting("research", consenting("marketing", CustomerFactory()))
    services.complete_request(
        request=in_progress(customer_service_user, customer=customer, kind=kind),
        by=customer_service_user,
        restriction_ground="accuracy_contested",
    )
    assert list(Customer.objects.processing_allowed()) == [free]
    assert customer not in marketing_recipients()
    assert customer not in research_cohort()
