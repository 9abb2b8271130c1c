"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

No browser is downloaded: Chromium comes from Debian (`apt-get install chromium`).
Without it the tests are skipped with a message, except in CI, where a
missing browser is a failure.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def wide_page(chromium, live_server):
    """A Finnish staff member's screen: 1366×768, the size the back-office must fit (issue 11 item 7)."""
    context = chromium.new_context(
        base_url=live_server.url, locale="fi-FI", viewport={"width": 1366, "height": 768}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def provider(settings, live_server):
    """The local FTN broker (tests/identification/provider.py), with the clinic configured to use it
    and to come back to the live server (issue 12)."""
    from joserfc.jwk import KeySet

    from identification.management.commands.make_identification_keys import make_keys
    from tests.identification.provider import TestProvider, configure

    signing, encryption = make_keys()
    with TestProvider(
        client_id="kanalinhelmi-e2e",
        client_jwks=KeySet([signing, encryption]).as_dict(private=False),
        redirect_uri=f"{live_server.url}/tunnistus/paluu/",
    ) as running:
        configure(settings, running, signing, encryption)
        yield running
