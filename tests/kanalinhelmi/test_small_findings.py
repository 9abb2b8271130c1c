"""Issue 10, item 13: the small findings of the security probe."""

import re

import pytest
from django.urls import reverse
from django.utils.http import int_to_base36

from tests.conftest import STAFF_PASSWORD
from tests.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


def test_load_balancers_may_probe_health_with_head(client):
    assert client.head(reverse("health")).status_code == 200


def test_an_unsafe_next_on_the_login_page_lands_on_the_back_office(client, customer_service_user):
    response = client.post(
        reverse("admin:login"),
        {"username": "sanna", "password": STAFF_PASSWORD, "next": "https://evil.example/phish"},
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_a_confirmation_link_answers_alike_for_an_existing_and_a_missing_request(client):
    existing = DataSubjectRequestFactory()
    missing = existing.pk + 1000

    def answer(pk):
        path = reverse("privacy:confirm", args=[int_to_base36(pk), "abc-123"])
        response = client.get(path)
        page = response.content.decode().replace(path, "")
        # What differs between any two answers: the CSRF token and the CSP nonce.
        return response.status_code, re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', "", page)

    assert answer(existing.pk) == answer(missing)
    assert answer(missing)[0] == 400


def test_a_confirmation_link_with_a_huge_number_is_refused_alike(client):
    response = client.get(reverse("privacy:confirm", args=["zzzzzzzzzzzzz", "abc-123"]))
    assert response.status_code == 400
