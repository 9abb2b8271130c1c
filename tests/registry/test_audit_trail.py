"""Every change and every look at customer data is traceable to a person and a time (S39)."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.factories import CustomerFactory
from tests.registry.test_validation import customer_form

pytestmark = pytest.mark.django_db


def entries_for(obj, action):
    return LogEntry.objects.get_for_object(obj).filter(action=action)


def test_change_in_admin_is_logged_with_the_staff_member_and_address(client, customer_service_user):
    customer = CustomerFactory(email="vanha@example.fi")
    client.force_login(customer_service_user)
    client.post(
        reverse("admin:registry_customer_change", args=[customer.pk]),
        customer_form(first_name=customer.first_name, last_name=customer.last_name, email="uusi@example.fi"),
        REMOTE_ADDR="198.51.100.7",
    )
    entry = entries_for(customer, LogEntry.Action.UPDATE).get()
    assert entry.actor == customer_service_user
    assert entry.remote_addr == "198.51.100.7"
    assert entry.changes_dict["email"] == ["vanha@example.fi", "uusi@example.fi"]


def test_customer_created_in_admin_is_logged_with_actor(client, customer_service_user):
    client.force_login(customer_service_user)
    client.post(reverse("admin:registry_customer_add"), customer_form())
    entry = LogEntry.objects.get(action=LogEntry.Action.CREATE, content_type__model="customer")
    assert entry.actor == customer_service_user


def test_opening_a_customer_writes_an_access_entry(client, customer_service_user):
    customer = CustomerFactory()
    client.force_login(customer_service_user)
    client.get(reverse("admin:registry_customer_change", args=[customer.pk]))
    client.get(reverse("admin:registry_customer_change", args=[customer.pk]))
    accesses = entries_for(customer, LogEntry.Action.ACCESS)
    assert accesses.count() == 2
    assert {e.actor for e in accesses} == {customer_service_user}


def test_refused_look_at_another_practitioners_customer_writes_no_access_entry(client, practitioner_user):
    customer = CustomerFactory()
    client.force_login(practitioner_user)
    client.get(reverse("admin:registry_customer_change", args=[customer.pk]))
    assert not entries_for(customer, LogEntry.Action.ACCESS).exists()


def test_extranet_password_never_enters_the_log(customer_service_user):
    from registry.models import ExtranetAccount

    account = ExtranetAccount(customer=CustomerFactory(), username="aino")
    account.set_password("salasana-joka-on-pitka")
    account.save()
    entry = LogEntry.objects.get_for_object(account).get()
    assert "password" not in entry.changes_dict
    assert account.password not in str(entry.changes)


def test_log_entries_cannot_be_changed_or_deleted_in_the_admin(client, responsible_person):
    customer = CustomerFactory()
    entry = LogEntry.objects.get_for_object(customer).get()
    client.force_login(responsible_person)
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    client.post(change, {"action": 2})
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.action == LogEntry.Action.CREATE
