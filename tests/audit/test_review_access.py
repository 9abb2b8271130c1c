"""Only the responsible person (and the system administrator) reviews the audit trail (S2, S29, S39)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REVIEW = reverse("audit_review:review")


@pytest.mark.parametrize("role", ["customer_service_user", "billing_user", "practitioner_user"])
def test_other_roles_are_refused_the_review(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(REVIEW).status_code == 403
    assert client.get(reverse("audit_review:export")).status_code == 403
    assert client.get(reverse("audit_review:export_xlsx")).status_code == 403
    assert client.get(reverse("audit_review:busy_days")).status_code == 403


def test_anonymous_visitor_is_sent_to_the_staff_login(client):
    response = client.get(REVIEW)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_responsible_person_finds_the_review_from_the_admin_index(reviewer_client):
    index = reviewer_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:audit_review_auditreview_changelist") in index
    assert reviewer_client.get(REVIEW).status_code == 200


def test_other_staff_do_not_see_the_review_on_the_admin_index(client, customer_service_user):
    client.force_login(customer_service_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:audit_review_auditreview_changelist") not in index


def test_superuser_may_review(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("yllapito", "y@example.fi", "x" * 20))
    assert client.get(REVIEW).status_code == 200
