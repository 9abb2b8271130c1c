"""Prior consent (S25, S26): no analytics or marketing script reaches the browser before its
category is accepted, the CSP allows their hosts only then, and every choice is logged."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from consent.models import CookieChoice, CookiePolicy

pytestmark = pytest.mark.django_db

GA = "G-TEST1234"
ADS = "AW-987654"
PIXEL = "1234567890"
COOKIE = "kh_cookies"


@pytest.fixture(autouse=True)
def tracking_ids(settings):
    settings.GOOGLE_ANALYTICS_ID = GA
    settings.GOOGLE_ADS_ID = ADS
    settings.FACEBOOK_PIXEL_ID = PIXEL


def choose(client, action, **categories):
    data = {"action": action, "next": "/"}
    data.update({key: "1" for key, on in categories.items() if on})
    return client.post(reverse("consent:cookie_settings"), data)


def test_first_visit_shows_the_banner_and_no_third_party_script(client):
    response = client.get("/")
    page = response.content.decode()
    assert 'class="cookie-banner"' in page
    for host in ["googletagmanager.com", "facebook", "doubleclick"]:
        assert host not in page
        assert host not in response["Content-Security-Policy"]


def test_the_banner_offers_accept_reject_and_choose_without_ticked_boxes(client):
    page = client.get("/").content.decode()
    banner = page[page.index('class="cookie-banner"') :]
    assert 'value="accept_all"' in banner and 'value="reject_all"' in banner
    assert reverse("consent:cookie_settings") + "?next=" in banner
    settings_page = client.get(reverse("consent:cookie_settings")).content.decode()
    assert "checked" not in settings_page


def test_the_csp_allows_only_this_sites_scripts_before_consent(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"


def test_after_consent_inline_scripts_run_only_with_the_requests_nonce(client):
    choose(client, "accept_all")
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in first
    nonce = re.search(r"script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'", first).group(1)
    assert nonce not in second


def test_accepting_analytics_only_loads_google_analytics_and_not_the_pixel(client):
    choose(client, "choose", analytics=True)
    response = client.get("/")
    page = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}" src="https://www.googletagmanager.com/gtag/js?id={GA}"' in page
    assert "connect.facebook.net" not in page
    assert ADS not in page
    policy = response["Content-Security-Policy"]
    assert "https://www.googletagmanager.com" in policy
    assert "connect.facebook.net" not in policy
    assert 'class="cookie-banner"' not in page


def test_accepting_all_loads_analytics_ads_and_the_pixel(client):
    choose(client, "accept_all")
    page = client.get("/").content.decode()
    assert GA in page and ADS in page and PIXEL in page
    assert "https://connect.facebook.net/en_US/fbevents.js" in page


def test_rejecting_all_loads_nothing_and_hides_the_banner(client):
    choose(client, "reject_all")
    response = client.get("/")
    page = response.content.decode()
    assert "googletagmanager" not in page and "facebook" not in page
    assert "googletagmanager" not in response["Content-Security-Policy"]
    assert 'class="cookie-banner"' not in page


def test_ticking_marketing_on_reject_all_does_not_accept_it(client):
    choose(client, "reject_all", marketing=True)
    assert PIXEL not in client.get("/").content.decode()


def test_every_choice_is_logged_with_a_random_id_and_the_policy_version_but_no_ip(client):
    choose(client, "choose", analytics=True)
    choose(client, "reject_all")
    first, second = CookieChoice.objects.order_by("chosen_at", "pk")
    assert (first.method, first.analytics, first.marketing) == ("choose", True, False)
    assert (second.method, second.analytics, second.marketing) == ("reject_all", False, False)
    assert first.consent_id == second.consent_id
    assert first.policy == CookiePolicy.current()
    assert not any("ip" in field.name for field in CookieChoice._meta.get_fields())


def test_the_choice_is_kept_in_a_signed_cookie_that_cannot_be_forged(client):
    response = choose(client, "reject_all")
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["max-age"] == 365 * 24 * 3600
    value = cookie.value
    forged = value.replace(".00:", ".11:")
    assert forged != value
    client.cookies[COOKIE] = forged
    page = client.get("/").content.decode()
    assert GA not in page
    assert 'class="cookie-banner"' in page


def test_a_new_policy_version_asks_again_and_loads_nothing_until_then(client):
    choose(client, "accept_all")
    CookiePolicy(version=CookiePolicy.current().version + 1).save()
    CookiePolicy.objects.latest("version").publish()
    page = client.get("/").content.decode()
    assert 'class="cookie-banner"' in page
    assert GA not in page and PIXEL not in page


def test_a_choice_expires_after_twelve_months(client):
    thirteen_months_ago = time.time() - timedelta(days=396).total_seconds()
    with mock.patch("time.time", return_value=thirteen_months_ago):
        choose(client, "accept_all")
    page = client.get("/").content.decode()
    assert 'class="cookie-banner"' in page
    assert GA not in page


def test_rejecting_expires_optional_cookies_set_earlier(client):
    client.cookies["_ga"] = "GA1.1.123.456"
    client.cookies["_ga_TEST1234"] = "GS1.1"
    response = choose(client, "reject_all")
    assert response.cookies["_ga"]["max-age"] == 0
    assert response.cookies["_ga_TEST1234"]["max-age"] == 0


def test_the_settings_page_redirects_only_to_this_site(client):
    response = client.post(
        reverse("consent:cookie_settings"), {"action": "reject_all", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_an_unknown_action_is_refused_without_saving(client):
    response = client.post(reverse("consent:cookie_settings"), {"action": "everything"})
    assert response.status_code == 200
    assert not CookieChoice.objects.exists()
    assert COOKIE not in response.cookies


def test_the_settings_page_shows_the_current_choice(client):
    choose(client, "choose", marketing=True)
    page = client.get(reverse("consent:cookie_settings")).content.decode()
    assert re.search(r'id="cookie-marketing"[^>]*checked', page)
    assert not re.search(r'id="cookie-analytics"[^>]*checked', page)


def test_the_secure_flag_follows_the_session_cookie_setting(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    assert choose(client, "reject_all").cookies[COOKIE]["secure"]


def test_footer_link_reopens_the_settings_after_a_choice(client):
    choose(client, "reject_all")
    page = client.get("/").content.decode()
    assert reverse("consent:cookie_settings") + "?next=/" in page
    assert client.get(reverse("consent:cookie_settings")).status_code == 200


def test_settings_cookie_name_is_the_documented_one():
    assert settings.COOKIE_CONSENT_COOKIE_NAME == COOKIE


def test_a_malformed_tracking_id_is_never_written_into_a_script(client, settings):
    settings.GOOGLE_ANALYTICS_ID = 'G-1"); alert(1); ("'
    choose(client, "accept_all")
    page = client.get("/").content.decode()
    assert "alert(1)" not in page
    assert ADS in page
