"""The privacy notice, the cookie banner and the cookie settings pass axe-core with no violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe


@pytest.fixture(scope="module")
def axe():
    return Axe()


def assert_no_violations(axe, page):
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", ["/tietosuojaseloste/", "/sv/dataskyddsbeskrivning/", "/en/privacy-notice/"])
def test_the_privacy_notice_with_the_banner_has_no_accessibility_violations(page, axe, path):
    page.goto(path)
    assert page.locator(".cookie-banner").is_visible()
    assert_no_violations(axe, page)


def test_the_cookie_settings_page_has_no_accessibility_violations(page, axe):
    page.goto("/evasteet/")
    assert_no_violations(axe, page)


def test_the_consent_link_page_has_no_accessibility_violations(page, axe):
    page.goto("/suostumukset/")
    assert_no_violations(axe, page)
