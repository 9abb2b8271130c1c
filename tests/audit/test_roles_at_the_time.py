"""The trail shows the role a staff member held when they viewed or changed data, not their role now (S33, S39)."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from kanalinhelmi import roles
from privacy.audit.selectors import access_report_part
from tests.audit.conftest import helsinki, view_entry
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def report_roles(customer, action="viewed"):
    with translation.override("en"):
        [section] = access_report_part(customer)
    return [r["role"] for r in section["records"] if r["action"] == action]


def review_roles(client, customer):
    response = client.get(reverse("audit_review:customer", args=[customer.pk]))
    return [row.roles for row in response.context["rows"] if row.entry.action == LogEntry.Action.ACCESS]


def move_to_billing(user):
    user.groups.set([Group.objects.get(name=roles.BILLING)])


def view_in_the_admin(client, user, customer):
    client.force_login(user)
    client.get(reverse("admin:registry_customer_change", args=[customer.pk]))
    client.logout()


def test_access_report_shows_the_role_held_when_the_customer_was_viewed(client, customer_service_user):
    customer = CustomerFactory()
    view_in_the_admin(client, customer_service_user, customer)
    move_to_billing(customer_service_user)
    assert report_roles(customer) == ["Asiakaspalvelu"]


def test_audit_review_shows_the_role_held_when_the_customer_was_viewed(
    client, customer_service_user, responsible_person
):
    customer = CustomerFactory()
    view_in_the_admin(client, customer_service_user, customer)
    move_to_billing(customer_service_user)
    client.force_login(responsible_person)
    assert review_roles(client, customer) == ["Asiakaspalvelu"]
    export = b"".join(client.get(reverse("audit_review:export"), {"customer": customer.pk})).decode()
    assert "sanna" in export and "Asiakaspalvelu" in export and "Laskutus" not in export


def test_entry_written_with_its_actor_by_hand_keeps_the_role_too(customer_service_user):
    customer = CustomerFactory()
    view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 10))
    move_to_billing(customer_service_user)
    assert report_roles(customer) == ["Asiakaspalvelu"]


def test_older_entry_without_a_stored_role_shows_the_role_now(
    client, customer_service_user, responsible_person
):
    customer = CustomerFactory()
    entry = view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 10))
    LogEntry.objects.filter(pk=entry.pk).update(additional_data=None)  # as written before roles were stored
    move_to_billing(customer_service_user)
    assert report_roles(customer) == ["Laskutus"]
    client.force_login(responsible_person)
    assert review_roles(client, customer) == ["Laskutus"]


def test_saving_an_older_entry_again_does_not_stamp_it_with_the_role_now(customer_service_user):
    customer = CustomerFactory()
    entry = view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 10))
    LogEntry.objects.filter(pk=entry.pk).update(additional_data=None)
    move_to_billing(customer_service_user)
    entry.refresh_from_db()
    entry.save()  # as erasure's redaction does
    entry.refresh_from_db()
    assert entry.additional_data is None


def test_storing_the_role_keeps_other_additional_data(customer_service_user):
    customer = CustomerFactory()
    entry = LogEntry.objects.log_create(
        customer,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=customer_service_user,
        additional_data={"reason": "phone call"},
    )
    entry.refresh_from_db()
    assert entry.additional_data == {"reason": "phone call", "roles": ["Asiakaspalvelu"]}


def test_erasure_keeps_the_role_of_the_staff_member_but_not_the_customers_values(
    customer_service_user, responsible_person
):
    """S19 and S39: an erased customer's trail still says in what role each staff member acted."""
    from privacy.services import redact_entries

    customer = CustomerFactory(first_name="Aino", last_name="Poistettava")
    entry = LogEntry.objects.log_create(
        customer, action=LogEntry.Action.ACCESS, actor=customer_service_user, changes="{}"
    )
    redact_entries(LogEntry.objects.filter(pk=entry.pk))
    entry.refresh_from_db()
    assert entry.additional_data == {"roles": ["Asiakaspalvelu"]}
    assert "Poistettava" not in entry.object_repr
