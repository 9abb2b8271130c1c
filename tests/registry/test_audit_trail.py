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


def test_opening_a_billing_profile_writes_an_access_entry_linked_to_its_customer(client, billing_user):
    # S39: the IBAN is the customer's data as much as their name.
    from privacy.audit.models import CustomerLogEntry
    from tests.factories import BillingProfileFactory

    profile = BillingProfileFactory()
    client.force_login(billing_user)
    response = client.get(reverse("admin:registry_billingprofile_change", args=[profile.pk]))
    assert response.status_code == 200
    entry = entries_for(profile, LogEntry.Action.ACCESS).get()
    assert entry.actor == billing_user
    assert CustomerLogEntry.objects.get(log_entry=entry).customer_id == profile.customer_id


@pytest.mark.parametrize(
    "url_name", ["registry_invoice_change", "registry_order_change", "registry_disclosure_change"]
)
def test_opening_an_invoice_order_or_disclosure_writes_an_access_entry(client, responsible_person, url_name):
    from tests.factories import DisclosureFactory, InvoiceFactory, OrderFactory

    factory = {"invoice": InvoiceFactory, "order": OrderFactory, "disclosure": DisclosureFactory}
    row = factory[url_name.split("_")[1]]()
    client.force_login(responsible_person)
    assert client.get(reverse(f"admin:{url_name}", args=[row.pk])).status_code == 200
    assert entries_for(row, LogEntry.Action.ACCESS).get().actor == responsible_person


def test_a_refused_look_at_a_billing_profile_writes_no_access_entry(client, customer_service_user):
    from tests.factories import BillingProfileFactory

    profile = BillingProfileFactory()
    client.force_login(customer_service_user)
    assert client.get(reverse("admin:registry_billingprofile_change", args=[profile.pk])).status_code == 403
    assert not entries_for(profile, LogEntry.Action.ACCESS).exists()


def test_giving_someone_the_responsible_persons_role_is_logged(responsible_person):
    # S31, S39: who holds which role decides who sees customers.
    from django.contrib.auth.models import Group

    from tests.conftest import make_staff

    user = make_staff("uusi")
    user.groups.add(Group.objects.get(name="Rekisterivastaava"))
    entry = LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["groups"]["operation"] == "add"
    assert entry.changes_dict["groups"]["objects"] == ["Rekisterivastaava"]


def test_removing_someone_from_a_role_is_logged(responsible_person):
    from django.contrib.auth.models import Group

    # As the user form does it: set() removes what is no longer chosen.
    responsible_person.groups.set(Group.objects.filter(name="Laskutus"))
    entry = (
        LogEntry.objects.get_for_object(responsible_person).filter(changes__groups__operation="delete").get()
    )
    assert entry.changes_dict["groups"]["operation"] == "delete"
    assert entry.changes_dict["groups"]["objects"] == ["Rekisterivastaava"]


def test_giving_a_role_a_permission_is_logged():
    from django.contrib.auth.models import Group, Permission

    billing = Group.objects.get(name="Laskutus")
    billing.permissions.add(Permission.objects.get(codename="review_audit_trail"))
    entry = LogEntry.objects.get_for_object(billing).get()
    assert entry.changes_dict["permissions"]["operation"] == "add"


def test_a_staff_members_password_never_enters_the_log():
    from tests.conftest import STAFF_PASSWORD, make_staff

    user = make_staff("salainen")
    user.set_password("uusi-salasana-joka-on-pitka")
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in entry.changes_dict
        assert user.password not in str(entry.changes)
        assert STAFF_PASSWORD not in str(entry.changes)
