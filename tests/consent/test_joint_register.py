"""S8: a practitioner sees a customer outside their own care relationships only with joint-register consent."""

from datetime import timedelta

import pytest
from django.db.models import OuterRef, Value
from django.urls import reverse
from django.utils import timezone

from consent import services
from consent.selectors import joint_register_condition
from registry.models import Customer
from registry.services import set_restriction
from tests.factories import CareRelationshipFactory, ConsentRecordFactory, CustomerFactory, consent_purpose

pytestmark = pytest.mark.django_db


def change_url(customer):
    return reverse("admin:registry_customer_change", args=[customer.pk])


def test_without_consent_a_practitioner_sees_only_their_own_customers(client, practitioner_user):
    own = CareRelationshipFactory(practitioner=practitioner_user.practitioner).customer
    stranger = CustomerFactory()
    client.force_login(practitioner_user)
    page = client.get(reverse("admin:registry_customer_changelist")).content.decode()
    assert change_url(own) in page
    assert change_url(stranger) not in page
    assert client.get(change_url(stranger)).status_code == 302


def test_with_joint_register_consent_the_customer_is_visible_to_every_practitioner(client, practitioner_user):
    customer = ConsentRecordFactory().customer
    client.force_login(practitioner_user)
    page = client.get(reverse("admin:registry_customer_changelist")).content.decode()
    assert change_url(customer) in page
    assert client.get(change_url(customer)).status_code == 200


def test_withdrawal_hides_the_customer_from_other_practitioners_at_once(client, practitioner_user):
    customer = ConsentRecordFactory().customer
    client.force_login(practitioner_user)
    assert client.get(change_url(customer)).status_code == 200
    services.withdraw_consent(
        customer=customer,
        purpose_key="joint_register",
        channel="web",
        ip_address="192.0.2.7",
        user_agent="Firefox",
    )
    assert client.get(change_url(customer)).status_code == 302
    page = client.get(reverse("admin:registry_customer_changelist")).content.decode()
    assert change_url(customer) not in page


def test_withdrawal_keeps_the_customer_visible_to_their_own_practitioner(client, practitioner_user):
    customer = CareRelationshipFactory(practitioner=practitioner_user.practitioner).customer
    ConsentRecordFactory(customer=customer)
    services.withdraw_consent(
        customer=customer,
        purpose_key="joint_register",
        channel="web",
        ip_address="192.0.2.7",
        user_agent="Firefox",
    )
    client.force_login(practitioner_user)
    assert client.get(change_url(customer)).status_code == 200


def test_other_consents_do_not_put_a_customer_in_the_joint_register(client, practitioner_user):
    purpose = consent_purpose("marketing")
    customer = ConsentRecordFactory(purpose=purpose).customer
    client.force_login(practitioner_user)
    assert client.get(change_url(customer)).status_code == 302


def test_a_practitioner_sees_the_consent_records_only_of_visible_customers(client, practitioner_user):
    visible = ConsentRecordFactory()
    hidden = ConsentRecordFactory(purpose=consent_purpose("research"))
    client.force_login(practitioner_user)
    page = client.get(reverse("admin:consent_consentrecord_changelist")).content.decode()
    assert reverse("admin:consent_consentrecord_change", args=[visible.pk]) in page
    assert reverse("admin:consent_consentrecord_change", args=[hidden.pk]) not in page


@pytest.mark.parametrize("restriction", ["processing", "restriction"])
def test_a_prohibition_or_restriction_of_processing_takes_the_customer_out_of_the_joint_register(
    client, practitioner_user, restriction
):
    """S38: their data is processed only as the law obliges, so other practitioners no longer see them."""
    customer = ConsentRecordFactory().customer
    set_restriction(customer=customer, restriction=restriction)
    client.force_login(practitioner_user)
    assert client.get(change_url(customer)).status_code == 302
    page = client.get(reverse("admin:registry_customer_changelist")).content.decode()
    assert change_url(customer) not in page
    assert not Customer.objects.filter(pk=customer.pk).filter(joint_register_condition()).exists()


def test_a_restricted_customer_stays_visible_to_their_own_practitioner(client, practitioner_user):
    customer = CareRelationshipFactory(practitioner=practitioner_user.practitioner).customer
    ConsentRecordFactory(customer=customer)
    set_restriction(customer=customer, restriction="restriction")
    client.force_login(practitioner_user)
    assert client.get(change_url(customer)).status_code == 200


def test_lifting_the_restriction_puts_a_consenting_customer_back_in_the_joint_register(practitioner_user):
    customer = ConsentRecordFactory().customer
    set_restriction(customer=customer, restriction="restriction")
    set_restriction(customer=customer, restriction="restriction", active=False)
    assert Customer.objects.visible_to(practitioner_user).filter(pk=customer.pk).exists()


def test_the_joint_register_at_a_moment_counts_a_restriction_only_from_when_it_began():
    """The audit review asks whether a customer was in the joint register when a view happened."""
    customer = ConsentRecordFactory(recorded_at=timezone.now() - timedelta(days=10)).customer
    set_restriction(customer=customer, restriction="processing")
    at = timezone.now() - timedelta(days=5)
    then = Customer.objects.annotate(moment=Value(at)).filter(joint_register_condition(at=OuterRef("moment")))
    assert then.filter(pk=customer.pk).exists()
    assert not Customer.objects.filter(pk=customer.pk).filter(joint_register_condition()).exists()
