"""Issue 13 item 7: axe-core finds no violation of any impact on any public page, in Finnish,
Swedish and English, with the cookie banner shown, the forms with their errors included."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.consent.public_pages import public_pages

HEIGHT = {375: 667, 1280: 800}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def show(page, path, post):
    """Open the page; for a row with form data, fill the form in and send it as a visitor would."""
    page.goto(path)
    if post is None:
        return
    if "email" in post:
        page.locator("main input[type=email]").fill(post["email"])
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("language", "width"), [("fi", 1280), ("sv", 1280), ("en", 1280), ("fi", 375), ("en", 375)]
)
def test_no_public_page_has_an_accessibility_violation(chromium, live_server, axe, settings, language, width):
    settings.PRIVACY_RATE_LIMIT_PER_IP = 1000
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": width, "height": HEIGHT[width]}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    failures = []
    try:
        for name, path, post in public_pages([language]):
            if name.startswith("letter-"):
                continue  # the letter's print preview is a document, not a page of the site
            show(page, path, post)
            results = axe.run(page)
            if results.violations_count:
                failures.append(f"{name} ({page.url}):\n{results.generate_report()}")
    finally:
        context.close()
    assert not failures, "\n\n".join(failures)
