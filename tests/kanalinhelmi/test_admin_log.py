"""Django's own admin log keeps no names: the admin does not write it, erasure clears it (S19–S21; issue 17 item 1)."""

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.models import ADDITION, CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from registry.models import Customer, Representative
from tests.factories import CustomerFactory, RepresentativeFactory
from tests.privacy.test_erasure import approved_erasure
from tests.registry.test_validation import customer_form

pytestmark = pytest.mark.django_db


def test_a_customer_added_in_the_back_office_is_in_the_audit_trail_and_not_in_the_admin_log(
    client, customer_service_user
):
    client.force_login(customer_service_user)
    response = client.post(reverse("admin:registry_customer_add"), customer_form(last_name="Poistettava"))

    assert response.status_code == 302
    customer = Customer.objects.get(last_name="Poistettava")
    assert LogEntry.objects.get_for_object(customer).filter(action=LogEntry.Action.CREATE).exists()
    assert not AdminLogEntry.objects.exists()
    client.get(reverse("admin:index"))  # shows the one-off "added" message
    recent_actions = client.get(reverse("admin:index")).content.decode()
    assert "Poistettava" not in recent_actions


def test_erasure_deletes_admin_log_rows_written_before_about_the_customer_and_their_rows(
    customer_service_user, responsible_person
):
    customer = CustomerFactory(last_name="Poistettava")
    representative = RepresentativeFactory(customer=customer, last_name="Edustaja")
    for obj, flag in ((customer, ADDITION), (representative, CHANGE)):
        AdminLogEntry.objects.create(
            user=customer_service_user,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj),
            action_flag=flag,
            change_message="[]",
        )

    approved_erasure(customer, customer_service_user, responsible_person)

    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert not Representative.objects.filter(pk=representative.pk).exists()
    assert not AdminLogEntry.objects.exists()
