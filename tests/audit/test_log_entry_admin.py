"""auditlog's own list of entries shows what the audit review shows (S39; issue 11 items 2 and 9)."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.audit.conftest import helsinki, view_entry
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_field_labels_and_staff_by_name_and_role(reviewer_client, customer_service_user):
    customer_service_user.first_name, customer_service_user.last_name = "Sanna", "Lehtinen"
    customer_service_user.save()
    customer = CustomerFactory(email="vanha@example.fi")
    customer.email = "uusi@example.fi"
    customer.save()
    view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 10, 15))
    page = reviewer_client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert "sähköposti" in page
    assert "1 change:" not in page and "changes:" not in page
    assert "Sanna Lehtinen</a> (Asiakaspalvelu)" in page
    assert "2.3.2026 10.15" in page
    assert "Correlation ID" not in page


def test_an_entry_shows_its_changes_as_the_review_does(reviewer_client):
    customer = CustomerFactory(email="vanha@example.fi")
    customer.email = "uusi@example.fi"
    customer.save()
    entry = LogEntry.objects.get_for_object(customer).get(action=LogEntry.Action.UPDATE)
    page = reviewer_client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).content.decode()
    assert "<strong>sähköposti</strong>: vanha@example.fi → uusi@example.fi" in page
