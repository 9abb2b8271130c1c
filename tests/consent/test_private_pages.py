"""D1, issue 10 item 4: no third-party script on a page that carries a token or collects
personal data, even with every tracker configured and every cookie accepted; pages
with a token in the URL are neither stored nor sent on as a referrer."""

import pytest
from django.core import signing
from django.urls import reverse

from consent.tokens import make_token
from privacy.tokens import confirmation_token_generator
from tests.factories import CustomerFactory, DataSubjectRequestFactory

pytestmark = pytest.mark.django_db

TRACKER_HOSTS = ["googletagmanager.com", "connect.facebook.net", "googleadservices.com", "doubleclick"]


@pytest.fixture(autouse=True)
def trackers_accepted(settings, client):
    settings.GOOGLE_ANALYTICS_ID = "G-TEST1234"
    settings.GOOGLE_ADS_ID = "AW-987654"
    settings.FACEBOOK_PIXEL_ID = "1234567890"
    client.post(reverse("consent:cookie_settings"), {"action": "accept_all", "next": "/"})


def secret_urls():
    customer = CustomerFactory(email="aino@example.fi")
    dsr = DataSubjectRequestFactory(email="aino@example.fi")
    from django.utils.http import int_to_base36

    return [
        reverse("consent:manage", args=[make_token(customer)]),
        reverse(
            "privacy:confirm", args=[int_to_base36(dsr.pk), confirmation_token_generator.make_token(dsr)]
        ),
        reverse("privacy:request_letter", args=[signing.dumps(dsr.pk, salt="privacy.request-letter")])
        + "?format=html",
    ]


def form_urls():
    return [
        reverse("privacy:request", args=["inspection"]),
        reverse("privacy:request", args=["correction"]),
        reverse("privacy:sent"),
        reverse("consent:link_request"),
    ]


def assert_no_trackers(response):
    page = response.content.decode()
    policy = response.get("Content-Security-Policy", "")
    for host in TRACKER_HOSTS:
        assert host not in page, (response.request["PATH_INFO"], host)
        assert host not in policy, (response.request["PATH_INFO"], host)


def test_the_trackers_do_load_on_an_ordinary_page_once_accepted(client):
    """The control: the fixture really has the trackers on."""
    page = client.get("/").content.decode()
    assert "googletagmanager.com" in page and "connect.facebook.net" in page


def test_no_tracker_on_pages_whose_url_carries_a_token(client):
    for url in secret_urls():
        assert_no_trackers(client.get(url))


def test_no_tracker_on_the_forms_that_collect_personal_data(client):
    for url in form_urls():
        assert_no_trackers(client.get(url))
    # Nor on the form shown again with errors.
    assert_no_trackers(client.post(reverse("privacy:request", args=["inspection"]), {"first_name": "A"}))


def test_pages_with_a_token_are_not_stored_and_send_no_referrer(client):
    for url in secret_urls():
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert response["Referrer-Policy"] == "no-referrer", url


def test_an_invalid_consent_link_is_not_stored_either(client):
    response = client.get(reverse("consent:manage", args=["not-a-token"]))
    assert response.status_code == 403
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert_no_trackers(response)
