"""The responsible person opens the register's data map from the audit review and prints it (GDPR Art. 30)."""

import os

from playwright.sync_api import expect

from tests.conftest import STAFF_PASSWORD

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def test_the_responsible_person_opens_and_prints_the_data_map(page, responsible_person):
    page.goto("/admin/")
    page.get_by_label("Käyttäjätunnus").fill("eero")
    page.get_by_label("Salasana").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()

    page.goto("/admin/audit/")
    page.get_by_role("link", name="Tietokartta").click()

    expect(page.get_by_role("heading", name="Rekisterin tietokartta")).to_be_visible()
    expect(page.get_by_role("rowheader", name="registry.Customer")).to_be_visible()
    expect(page.get_by_role("link", name="Tulosta")).to_be_visible()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/data-map.png", full_page=False)
    page.emulate_media(media="print")
    expect(page.locator("#header")).to_be_hidden()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/data-map-print.png", full_page=False)
