"""Issue 13 items 3–6 in Chromium, in Finnish, Swedish and English, on a phone (375 px, and 320 px
for sideways scrolling) and on a desktop (1280 px): no sideways scroll, a banner that covers at most
40 % of the screen and is reached first, never hiding what has focus, a focus ring everywhere,
44 px touch targets, the forms' error summary, and the home page's actions.

Set E2E_SCREENSHOTS=<directory> to keep a screenshot of each page looked at.
"""

import os
import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

LANGUAGES = ["fi", "sv", "en"]
WIDTHS = [375, 1280]
HEIGHT = {375: 667, 320: 568, 1280: 800}
BANNER_NAME = {
    "fi": "Evästeet tällä sivustolla",
    "sv": "Kakor på den här webbplatsen",
    "en": "Cookies on this site",
}
SHOTS = os.environ.get("E2E_SCREENSHOTS")


@pytest.fixture
def open_page(chromium, live_server):
    contexts = []

    def open_(width, language="fi"):
        context = chromium.new_context(
            base_url=live_server.url,
            locale={"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}[language],
            viewport={"width": width, "height": HEIGHT[width]},
            has_touch=width < 600,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_
    for context in contexts:
        context.close()


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=False)


def public_urls(language):
    from tests.consent.public_pages import public_pages

    return [(name, path) for name, path, post in public_pages([language]) if post is None]


def sideways_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def small_targets(page):
    """Buttons, fields and stand-alone links smaller than 44 × 44 px (inline links in text are exempt)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
            'button, input:not([type=hidden]):not([type=checkbox]), select, textarea, summary,'
            + ' .site-header a, .site-footer a, .cookie-banner a.cookie-button, .home-actions a, .action-links a')]
          .filter(el => el.offsetParent !== null && !el.closest('.hp'))
          .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
          .filter(([, r]) => r.height < 44 || r.width < 44)
          .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [320, 375])
def test_no_public_page_scrolls_sideways_on_a_phone(open_page, language, width):
    """Item 3: the notice's cookie tables were 683–810 px wide."""
    page = open_page(width, language)
    for name, path in public_urls(language):
        page.goto(path)
        assert sideways_overflow(page) <= 0, f"{name} at {width} px scrolls sideways"
        if name.startswith("notice-") and width == 375:
            page.locator("#cookies").scroll_into_view_if_needed()
            shot(page, f"notice-cookies-{language}-{width}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_banner_covers_at_most_40_percent_and_folds_its_longer_text(open_page, language, width):
    """Item 3: the banner covered 550 of the 667 px screen."""
    page = open_page(width, language)
    page.goto(url("consent:privacy_notice", language))
    banner = page.get_by_role("region", name=BANNER_NAME[language])
    expect(banner).to_be_visible()
    shot(page, f"banner-{language}-{width}")
    box = banner.bounding_box()
    assert box["height"] <= 0.4 * HEIGHT[width], f"{box['height']} px of {HEIGHT[width]}"
    more = banner.locator("details")
    longer = more.locator("p")
    expect(longer).to_be_hidden()
    more.locator("summary").click()
    expect(longer).to_be_visible()
    shot(page, f"banner-open-{language}-{width}")
    # Scrolling the page moves the banner away: it never sits over the content.
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(200)
    assert banner.bounding_box()["y"] + banner.bounding_box()["height"] <= 0


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_touch_targets_are_at_least_44_px(open_page, language, width):
    """Item 3: the consent page's e-mail field and button were 21 px tall and unstyled."""
    from django.utils.http import int_to_base36

    from consent.tokens import make_token
    from privacy.tokens import confirmation_token_generator
    from tests.factories import CustomerFactory, DataSubjectRequestFactory

    customer, dsr = CustomerFactory(), DataSubjectRequestFactory()
    page = open_page(width, language)
    for path in [
        url("home", language),
        url("consent:link_request", language),
        url("privacy:request", language, "correction"),
        url("consent:cookie_settings", language),
        url("consent:privacy_notice", language),
        # The confirm and consent buttons (item 5).
        url("privacy:confirm", language, int_to_base36(dsr.pk), confirmation_token_generator.make_token(dsr)),
        url("consent:manage", language, make_token(customer)),
    ]:
        page.goto(path)
        assert small_targets(page) == [], path
    page.goto(url("consent:link_request", language))
    field = page.locator("input[type=email]")
    button = page.locator("main button[type=submit]")
    assert field.evaluate("el => getComputedStyle(el).borderTopWidth") == "2px"
    assert button.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(0, 90, 112)"
    shot(page, f"consent-link-{language}-{width}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_banner_is_first_in_the_focus_order(open_page, language, width):
    """Item 4: the banner came last, ten presses of Tab away."""
    page = open_page(width, language)
    page.goto(url("privacy:request", language, "inspection"))
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.cookie-banner')")


def focus_hidden_by_banner(page):
    return page.evaluate(
        """() => {
          const banner = document.querySelector('.cookie-banner'), focused = document.activeElement;
          if (!banner || banner.contains(focused)) return false;
          const f = focused.getBoundingClientRect();
          const covering = document.elementFromPoint(f.left + f.width / 2, f.top + f.height / 2);
          return !!covering && banner.contains(covering);
        }"""
    )


def focus_ring(page):
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
          return {outline: s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0, shadow: s.boxShadow}; }"""
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_banner_never_hides_the_focused_element_and_focus_is_always_visible(open_page, language, width):
    """Item 4: the request form's fields sat behind the banner; links had only a thin default ring."""
    page = open_page(width, language)
    page.goto(url("privacy:request", language, "correction"))
    seen = 0
    for press in range(40):
        page.keyboard.press("Tab")
        tag = page.evaluate("document.activeElement.tagName")
        if tag == "BODY":
            break
        seen += 1
        assert not focus_hidden_by_banner(page), f"press {press}: the banner hides the focused element"
        ring = focus_ring(page)
        assert ring["outline"] >= 2 or ring["shadow"] != "none", f"press {press}: no visible focus on {tag}"
        if press == 12:
            shot(page, f"focus-form-{language}-{width}")
    assert seen >= 15
    # Links in the footer and in the text get the same clear ring.
    page.locator(".site-footer a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert focus_ring(page)["outline"] >= 3
    shot(page, f"focus-footer-{language}-{width}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_error_summary_takes_focus_and_leads_to_each_field(open_page, language, width):
    """Item 5: the summary listed no errors and focus did not move to it."""
    page = open_page(width, language)
    page.goto(url("privacy:request", language, "correction"))
    page.locator("form.request-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    shot(page, f"error-summary-{language}-{width}")
    links = summary.locator("a")
    assert links.count() == 5  # first and last name, e-mail, details, the confirmation
    links.nth(3).click()
    expect(page.locator("#id_details")).to_be_focused()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_home_page_offers_the_four_actions(open_page, language, width):
    """Item 6: a visitor who wanted to check their data had to find the footer."""
    page = open_page(width, language)
    page.goto(url("home", language))
    actions = page.locator("main .home-actions a")
    expect(actions).to_have_count(4)
    for index in range(4):
        expect(actions.nth(index)).to_be_visible()
    shot(page, f"home-{language}-{width}")
    actions.nth(1).click()
    expect(page).to_have_url(re.compile(re.escape(url("privacy:rights", language)) + "$"))
