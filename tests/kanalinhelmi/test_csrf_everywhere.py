"""Every form that changes something refuses a post without its CSRF token (issue 6)."""

import pytest
from django.test import Client
from django.urls import reverse

from privacy.models import DataSubjectRequest

pytestmark = pytest.mark.django_db

PUBLIC_FORMS = [
    *[reverse("privacy:request", args=[kind]) for kind in DataSubjectRequest.Kind.values],
    reverse("consent:cookie_settings"),
    reverse("consent:link_request"),
    reverse("set_language"),
]

STAFF_FORMS = [
    reverse("admin:registry_customer_add"),
    reverse("admin:privacy_datasubjectrequest_add"),
    reverse("two_factor_verify"),
    reverse("admin:logout"),
]


@pytest.mark.parametrize("url", PUBLIC_FORMS)
def test_public_form_without_csrf_token_is_refused_and_stores_nothing(url):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"email": "aino@example.fi", "first_name": "Aino", "last_name": "Virtanen"})
    assert response.status_code == 403
    assert not DataSubjectRequest.objects.exists()


def test_admin_login_without_csrf_token_is_refused(customer_service_user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "sanna", "password": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("url", STAFF_FORMS)
def test_staff_form_without_csrf_token_is_refused(url, responsible_person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(responsible_person)
    response = client.post(url, {"first_name": "Aino", "last_name": "Virtanen"})
    assert response.status_code == 403
