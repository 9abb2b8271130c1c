"""D1, issue 10 item 4 in Chromium: with every tracker configured and every cookie accepted, no request
goes to Google or Meta from a page that collects personal data or carries a token; those pages'
own buttons still work under Referrer-Policy: no-referrer (which makes the browser send Origin: null)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from consent.tokens import make_token
from tests.factories import CustomerFactory

THIRD_PARTY = re.compile(
    r"^https?://([^/]*\.)?(googletagmanager\.com|google-analytics\.com|analytics\.google\.com|google\.com"
    r"|googleadservices\.com|doubleclick\.net|facebook\.net|facebook\.com)(/|$)"
)


@pytest.fixture
def accepted(page, settings):
    settings.GOOGLE_ANALYTICS_ID = "G-E2ETEST1"
    settings.GOOGLE_ADS_ID = "AW-1234567"
    settings.FACEBOOK_PIXEL_ID = "9876543210"
    attempted = []

    def block(route):
        attempted.append(route.request.url)
        route.abort()

    page.context.route(THIRD_PARTY, block)
    page.goto("/")
    page.get_by_role("button", name="Hyväksy kaikki").click()
    page.wait_for_load_state("networkidle")
    assert attempted, "the trackers load on an ordinary page once accepted"
    attempted.clear()
    return attempted


def test_no_tracker_request_from_the_forms_or_the_consent_page(page, accepted):
    customer = CustomerFactory(email="aino@example.fi")
    for path in [
        reverse("privacy:request", args=["inspection"]),
        reverse("consent:link_request"),
        reverse("consent:manage", args=[make_token(customer)]),
    ]:
        page.goto(path, wait_until="networkidle")
    assert accepted == []


def test_the_consent_page_still_records_a_choice_under_no_referrer(page, accepted):
    customer = CustomerFactory(email="aino@example.fi")
    response = page.goto(reverse("consent:manage", args=[make_token(customer)]))
    assert response.headers["referrer-policy"] == "no-referrer"
    page.get_by_role("button", name="Anna suostumus").first.click()
    expect(page.get_by_text("Suostumuksesi on kirjattu.")).to_be_visible()
    assert accepted == []
