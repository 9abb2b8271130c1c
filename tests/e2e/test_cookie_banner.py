"""Prior consent in a real browser (S25, S26): Chromium attempts no request to Google or
Facebook before the visitor accepts the category, and the banner comes back when the
cookie policy changes. Requests to those hosts are intercepted, recorded and aborted."""

import re

import pytest
from playwright.sync_api import expect

THIRD_PARTY = re.compile(
    r"^https?://([^/]*\.)?(googletagmanager\.com|google-analytics\.com|analytics\.google\.com|google\.com"
    r"|googleadservices\.com|doubleclick\.net|facebook\.net|facebook\.com)(/|$)"
)


@pytest.fixture(autouse=True)
def tracking_ids(settings):
    settings.GOOGLE_ANALYTICS_ID = "G-E2ETEST1"
    settings.GOOGLE_ADS_ID = "AW-1234567"
    settings.FACEBOOK_PIXEL_ID = "9876543210"


@pytest.fixture
def third_party_requests(page):
    attempted = []

    def block(route):
        attempted.append(route.request.url)
        route.abort()

    page.context.route(THIRD_PARTY, block)
    return attempted


def banner(page):
    return page.get_by_role("region", name="Evästeet tällä sivustolla")


def test_no_request_to_google_or_facebook_before_consent(page, third_party_requests):
    page.goto("/", wait_until="networkidle")
    expect(banner(page)).to_be_visible()
    page.goto("/tietosuojaseloste/", wait_until="networkidle")
    assert third_party_requests == []
    assert not any(cookie["name"].startswith(("_ga", "_fb", "_gcl")) for cookie in page.context.cookies())


def test_after_accepting_analytics_only_google_analytics_loads_and_the_pixel_does_not(
    page, third_party_requests
):
    page.goto("/", wait_until="networkidle")
    banner(page).get_by_role("link", name="Valitse").click()
    page.get_by_label("Salli evästeet: analytiikka").check()
    expect(page.get_by_label("Salli evästeet: markkinointi")).not_to_be_checked()
    with page.expect_request(re.compile(r"googletagmanager\.com/gtag/js\?id=G-E2ETEST1")):
        page.get_by_role("button", name="Tallenna valintani").click()
    page.wait_for_load_state("networkidle")
    assert any("googletagmanager.com/gtag/js" in url for url in third_party_requests)
    assert not any("facebook" in url or "AW-1234567" in url for url in third_party_requests)
    expect(banner(page)).to_have_count(0)


def test_after_reject_all_nothing_is_requested(page, third_party_requests):
    page.goto("/", wait_until="networkidle")
    banner(page).get_by_role("button", name="Hylkää kaikki").click()
    expect(page.get_by_text("Evästevalintasi on tallennettu.")).to_be_visible()
    expect(banner(page)).to_have_count(0)
    page.reload(wait_until="networkidle")
    page.goto("/tietosuojaseloste/", wait_until="networkidle")
    assert third_party_requests == []


def test_the_banner_returns_when_the_cookie_policy_version_changes(page, third_party_requests):
    from consent.models import CookiePolicy

    page.goto("/", wait_until="networkidle")
    banner(page).get_by_role("button", name="Hyväksy kaikki").click()
    expect(page.get_by_text("Evästevalintasi on tallennettu.")).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(banner(page)).to_have_count(0)
    assert any("facebook.net" in url for url in third_party_requests)

    CookiePolicy.objects.create(version=CookiePolicy.current().version + 1).publish()
    third_party_requests.clear()
    page.reload(wait_until="networkidle")
    expect(banner(page)).to_be_visible()
    assert third_party_requests == []


def test_the_footer_link_reopens_the_settings_after_a_choice(page, third_party_requests):
    page.goto("/", wait_until="networkidle")
    banner(page).get_by_role("button", name="Hyväksy kaikki").click()
    expect(page.get_by_text("Evästevalintasi on tallennettu.")).to_be_visible()
    page.locator(".site-footer").get_by_role("link", name="Evästeasetukset").click()
    expect(page.get_by_label("Salli evästeet: analytiikka")).to_be_checked()
    page.get_by_role("button", name="Hylkää kaikki").click()
    expect(page.get_by_text("Evästevalintasi on tallennettu.")).to_be_visible()
    third_party_requests.clear()
    page.reload(wait_until="networkidle")
    assert third_party_requests == []
