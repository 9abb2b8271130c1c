"""The consent lists in the back-office stay cheap however many records there are (rule 8)."""

import pytest
from django.urls import reverse

from consent.models import CookieChoice, CookiePolicy
from privacy.audit.chain import queries_per_entry
from tests.factories import ConsentRecordFactory

pytestmark = pytest.mark.django_db


def test_consent_record_list_takes_a_constant_number_of_queries(
    client, responsible_person, django_assert_max_num_queries
):
    ConsentRecordFactory.create_batch(3)
    client.force_login(responsible_person)
    url = reverse("admin:consent_consentrecord_changelist")
    client.get(url)
    ConsentRecordFactory.create_batch(20)
    # 3 of them log the page as a view of the customers shown (S39): entry, roles, one bulk insert.
    # And the entry's link in the audit chain (issue 15).
    with django_assert_max_num_queries(19 + queries_per_entry()):
        response = client.get(url)
    assert response.status_code == 200


def test_cookie_choice_log_takes_a_constant_number_of_queries(
    client, responsible_person, django_assert_max_num_queries
):
    policy = CookiePolicy.current()
    CookieChoice.objects.bulk_create(
        [
            CookieChoice(policy=policy, method="reject_all", analytics=False, marketing=False)
            for _ in range(30)
        ]
    )
    client.force_login(responsible_person)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("admin:consent_cookiechoice_changelist"))
    assert response.status_code == 200


def test_customer_service_cannot_read_the_cookie_choice_log(client, customer_service_user):
    client.force_login(customer_service_user)
    assert client.get(reverse("admin:consent_cookiechoice_changelist")).status_code == 403


def test_a_consent_record_opens_read_only_with_its_evidence(client, customer_service_user):
    record = ConsentRecordFactory()
    client.force_login(customer_service_user)
    page = client.get(reverse("admin:consent_consentrecord_change", args=[record.pk])).content.decode()
    assert "192.0.2.44" in page
    assert 'name="_save"' not in page
    assert client.get(reverse("admin:consent_consentrecord_add")).status_code == 200


def test_opening_a_consent_record_writes_an_access_entry_linked_to_its_customer(
    client, customer_service_user
):
    """S39: the consent record holds the customer's address and browser; a look at it is logged."""
    from auditlog.models import LogEntry

    from privacy.audit.models import CustomerLogEntry

    record = ConsentRecordFactory()
    client.force_login(customer_service_user)
    assert client.get(reverse("admin:consent_consentrecord_change", args=[record.pk])).status_code == 200
    entry = LogEntry.objects.get_for_object(record).get(action=LogEntry.Action.ACCESS)
    assert entry.actor == customer_service_user
    assert CustomerLogEntry.objects.get(log_entry=entry).customer_id == record.customer_id


@pytest.mark.parametrize("term", ["Virta", "aino virtanen", "aino.v@"])
def test_consent_records_are_found_by_their_customer_as_in_the_customer_list(
    client, customer_service_user, term
):
    from tests.factories import CustomerFactory

    aino = CustomerFactory(first_name="Aino", last_name="Virtanen", email="aino.v@example.fi")
    record = ConsentRecordFactory(customer=aino)
    other = ConsentRecordFactory(customer=CustomerFactory(first_name="Eino", last_name="Korhonen"))
    client.force_login(customer_service_user)
    page = client.get(reverse("admin:consent_consentrecord_changelist"), {"q": term}).content.decode()
    assert reverse("admin:consent_consentrecord_change", args=[record.pk]) in page
    assert reverse("admin:consent_consentrecord_change", args=[other.pk]) not in page
