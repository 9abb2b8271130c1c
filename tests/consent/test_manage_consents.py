"""Customers give and withdraw consents through a signed, expiring link (GDPR Art. 7(3))."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from consent import selectors
from consent.models import ConsentRecord
from consent.services import send_consent_link
from consent.tokens import customer_for_token, make_token
from tests.factories import ConsentRecordFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def manage_url(customer):
    return reverse("consent:manage", args=[make_token(customer)])


def test_the_page_shows_each_purpose_with_its_state(client):
    customer = ConsentRecordFactory().customer
    page = client.get(manage_url(customer)).content.decode()
    assert page.count('name="action" value="withdraw"') == 1
    assert page.count('name="action" value="grant"') == 3


def test_giving_a_consent_is_one_click_and_recorded_with_the_browser_as_evidence(client):
    customer = CustomerFactory()
    url = manage_url(customer)
    response = client.post(
        url,
        {"purpose": "marketing", "action": "grant"},
        HTTP_USER_AGENT="Firefox/140",
        REMOTE_ADDR="192.0.2.50",
    )
    assert response.status_code == 302
    record = ConsentRecord.objects.get(customer=customer)
    assert (record.channel, record.ip_address, record.user_agent) == ("web", "192.0.2.50", "Firefox/140")
    assert selectors.consents_in_force(customer) == {"marketing"}


def test_withdrawing_is_one_click_in_the_same_place(client):
    customer = ConsentRecordFactory().customer
    client.post(manage_url(customer), {"purpose": "joint_register", "action": "withdraw"})
    assert selectors.consents_in_force(customer) == set()
    page = client.get(manage_url(customer)).content.decode()
    assert page.count('name="action" value="grant"') == 4


def test_withdrawing_twice_gives_a_message_not_an_error(client):
    customer = CustomerFactory()
    response = client.post(manage_url(customer), {"purpose": "research", "action": "withdraw"}, follow=True)
    assert response.status_code == 200
    assert "ei ole voimassa olevaa suostumusta" in response.content.decode()


def test_a_forged_link_is_refused(client):
    customer = CustomerFactory()
    token = make_token(customer)
    response = client.get(reverse("consent:manage", args=[token[:-2] + "xx"]))
    assert response.status_code == 403


def test_a_link_expires(client, settings):
    customer = CustomerFactory()
    long_ago = time.time() - timedelta(days=settings.CONSENT_LINK_DAYS + 1).total_seconds()
    with mock.patch("time.time", return_value=long_ago):
        token = make_token(customer)
    assert customer_for_token(token) is None
    assert client.get(reverse("consent:manage", args=[token])).status_code == 403


def test_changing_the_email_address_invalidates_earlier_links():
    customer = CustomerFactory()
    token = make_token(customer)
    customer.email = "uusi@example.fi"
    customer.save()
    assert customer_for_token(token) is None


def test_the_link_is_sent_in_the_customers_language():
    customer = CustomerFactory(preferred_language="sv")
    send_consent_link(customer=customer, base_url="https://rekisteri.example.fi/")
    message = mail.outbox[-1]
    assert message.to == [customer.email]
    assert "https://rekisteri.example.fi/sv/samtycken/" in message.body
    assert "Dina samtycken" in message.subject


def test_asking_for_a_link_sends_it_only_to_a_known_address_and_says_the_same_either_way(client):
    customer = CustomerFactory()
    known = client.post(reverse("consent:link_request"), {"email": customer.email.upper()}, follow=True)
    unknown = client.post(reverse("consent:link_request"), {"email": "tuntematon@example.fi"}, follow=True)
    assert len(mail.outbox) == 1
    assert "/suostumukset/" in mail.outbox[0].body
    assert customer_for_token(mail.outbox[0].body.split("/suostumukset/")[1].split("/")[0]) == customer
    assert (
        known.content.decode().count("Jos osoite on") == unknown.content.decode().count("Jos osoite on") == 1
    )


def test_staff_send_the_link_from_the_customer_list(client, customer_service_user):
    customer = CustomerFactory()
    client.force_login(customer_service_user)
    client.post(
        reverse("admin:registry_customer_changelist"),
        {"action": "send_consent_links", "_selected_action": [customer.pk]},
    )
    assert mail.outbox[-1].to == [customer.email]


def test_the_link_says_nothing_about_the_customer():
    """Issue 10, item 13: the readable part of the link is a random key, no customer id."""
    import base64
    import json
    import zlib

    customer = CustomerFactory()
    token = make_token(customer)
    payload = token.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
    value = json.loads(zlib.decompress(decoded) if payload.startswith(".") else decoded)
    assert isinstance(value, str) and len(value) >= 40
    assert customer.email not in value
    assert customer_for_token(token) == customer


def test_links_are_gone_after_the_customer_is_erased():
    from consent.models import ConsentLink
    from consent.services import erase_customer_part

    customer = CustomerFactory()
    token = make_token(customer)
    erase_customer_part(customer=customer)
    assert not ConsentLink.objects.exists()
    assert customer_for_token(token) is None
