"""G11: the public "send me my consent link" form cannot be used to flood an inbox."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Linkkiä on pyydetty liian monta kertaa"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PRIVACY_RATE_LIMIT_PER_IP = 10
    settings.PRIVACY_RATE_LIMIT_PER_EMAIL = 3


def ask(client, email, address="192.0.2.10"):
    return client.post(reverse("consent:link_request"), {"email": email}, REMOTE_ADDR=address)


def test_one_address_receives_at_most_the_hourly_number_of_links(client):
    CustomerFactory(email="aino.virtanen@example.fi")
    answers = [ask(client, "aino.virtanen@example.fi", address=f"192.0.2.{n}") for n in range(1, 6)]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    assert TOO_MANY in answers[-1].content.decode()


def test_the_address_is_counted_regardless_of_case_and_spaces(client):
    CustomerFactory(email="aino.virtanen@example.fi")
    for n, email in enumerate(
        ["aino.virtanen@example.fi", "AINO.Virtanen@example.fi", " aino.virtanen@example.fi "]
    ):
        ask(client, email, address=f"192.0.2.{n + 1}")
    assert ask(client, "Aino.Virtanen@Example.fi", address="192.0.2.99").status_code == 429
    assert len(mail.outbox) == 3


def test_one_sender_is_limited_whatever_addresses_they_try(client):
    answers = [ask(client, f"asiakas{n}@example.fi") for n in range(11)]
    assert answers[9].status_code == 302
    assert answers[10].status_code == 429
    assert TOO_MANY in answers[10].content.decode()


def test_the_request_forms_own_limit_is_not_used_up_by_consent_links(client):
    for n in range(3):
        ask(client, "aino.virtanen@example.fi", address=f"192.0.2.{n + 1}")
    response = client.post(
        reverse("privacy:request", args=["inspection"]),
        {
            "first_name": "Aino",
            "last_name": "Virtanen",
            "email": "aino.virtanen@example.fi",
            "confirm_truthful": "on",
        },
        REMOTE_ADDR="192.0.2.50",
    )
    assert response.status_code != 429
