"""Marketing lists and research exports include only customers whose consent is in force
and who have not prohibited it (S4, S6, S37, S38)."""

import pytest

from consent import selectors, services
from registry.services import set_restriction
from tests.factories import ConsentRecordFactory, CustomerFactory, consent_purpose

pytestmark = pytest.mark.django_db


def consenting(purpose_key, **customer_fields):
    return ConsentRecordFactory(
        customer=CustomerFactory(**customer_fields), purpose=consent_purpose(purpose_key)
    ).customer


def withdraw(customer, purpose_key):
    services.withdraw_consent(
        customer=customer, purpose_key=purpose_key, channel="web", ip_address="192.0.2.9"
    )


def test_marketing_list_holds_customers_with_marketing_consent():
    customer = consenting("marketing")
    CustomerFactory()
    consenting("research")
    assert list(selectors.marketing_recipients()) == [customer]


def test_withdrawn_marketing_consent_removes_customer_from_mailing_list():
    customer = consenting("marketing")
    withdraw(customer, "marketing")
    assert customer not in selectors.marketing_recipients()


@pytest.mark.parametrize("restriction", ["direct_marketing", "processing", "restriction"])
def test_a_prohibition_removes_customer_from_mailing_list_despite_consent(restriction):
    customer = consenting("marketing")
    set_restriction(customer=customer, restriction=restriction)
    assert customer not in selectors.marketing_recipients()


def test_customer_without_email_is_not_on_the_mailing_list():
    customer = consenting("marketing", email="")
    assert customer not in selectors.marketing_recipients()


def test_research_cohort_holds_customers_with_research_consent():
    customer = consenting("research")
    consenting("marketing")
    assert list(selectors.research_cohort()) == [customer]


def test_withdrawn_research_consent_removes_customer_from_research_export():
    customer = consenting("research")
    withdraw(customer, "research")
    assert customer not in selectors.research_cohort()


@pytest.mark.parametrize("restriction", ["disclosure", "processing", "restriction"])
def test_a_prohibition_removes_customer_from_research_export_despite_consent(restriction):
    customer = consenting("research")
    set_restriction(customer=customer, restriction=restriction)
    assert customer not in selectors.research_cohort()


def test_direct_marketing_prohibition_does_not_affect_research():
    customer = consenting("research")
    set_restriction(customer=customer, restriction="direct_marketing")
    assert customer in selectors.research_cohort()
