"""Recipients of earlier disclosures are told of an erasure or a restriction (GDPR Art. 19, S17, S19)."""

import pytest
from django.utils import timezone

from privacy import services
from registry.models import Disclosure
from tests.factories import CustomerFactory, DisclosureFactory
from tests.privacy.conftest import in_progress

pytestmark = pytest.mark.django_db


def answer_html(dsr):
    return dsr.letters.get(kind="answer").html


def test_erasure_names_the_recipients_to_tell_though_the_disclosures_are_deleted(
    customer_service_user, responsible_person
):
    customer = CustomerFactory()
    disclosure = DisclosureFactory(customer=customer, recipient="Verohallinto")
    dsr = in_progress(customer_service_user, customer=customer, kind="erasure")
    dsr = services.propose_erasure(request=dsr, by=customer_service_user)
    dsr = services.approve_request(request=dsr, by=responsible_person)

    disclosed_on = timezone.localdate(disclosure.disclosed_at).isoformat()
    assert dsr.outcome["recipients_to_notify"] == [
        {"recipient": "Verohallinto", "disclosed_at": disclosed_on}
    ]
    assert "Verohallinto" in answer_html(dsr)
    assert "Ilmoitamme kullekin, mitä olemme tehneet" in answer_html(dsr)
    assert not Disclosure.objects.filter(pk=disclosure.pk).exists(), "the disclosure record itself is erased"


def test_erasure_of_data_never_disclosed_says_there_is_no_one_to_tell(
    customer_service_user, responsible_person
):
    dsr = in_progress(customer_service_user, customer=CustomerFactory(), kind="erasure")
    dsr = services.propose_erasure(request=dsr, by=customer_service_user)
    dsr = services.approve_request(request=dsr, by=responsible_person)
    assert dsr.outcome["recipients_to_notify"] == []
    assert "ei ole luovutettu kenellekään" in answer_html(dsr)


@pytest.mark.parametrize("kind", ["restriction", "prohibit_processing"])
def test_restriction_names_the_recipients_to_tell(customer_service_user, kind):
    customer = CustomerFactory()
    DisclosureFactory(customer=customer, recipient="Verohallinto")
    dsr = services.complete_request(
        request=in_progress(customer_service_user, customer=customer, kind=kind),
        by=customer_service_user,
        restriction_ground="accuracy_contested",
    )
    assert [r["recipient"] for r in dsr.outcome["recipients_to_notify"]] == ["Verohallinto"]
    assert "Verohallinto" in answer_html(dsr)


def test_prohibition_of_direct_marketing_tells_no_recipient(customer_service_user):
    customer = CustomerFactory()
    DisclosureFactory(customer=customer, recipient="Verohallinto")
    dsr = in_progress(customer_service_user, customer=customer, kind="prohibit_direct_marketing")
    dsr = services.complete_request(request=dsr, by=customer_service_user)
    assert "recipients_to_notify" not in dsr.outcome
    assert "Verohallinto" not in answer_html(dsr)
