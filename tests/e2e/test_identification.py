"""Issue 12: a person identifies in Chromium through the local FTN provider and lands signed in.

The start view sends the browser to the provider's page, which lists the test
persons; a click on one brings the browser back through the clinic's fixed
return address, which checks the encrypted and signed tokens and signs the
person in. Set E2E_SCREENSHOTS=<directory> to keep screenshots.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

SHOTS = os.environ.get("E2E_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


@pytest.mark.parametrize(
    ("start", "home", "identified", "sign_out", "signed_out"),
    [
        # Without a page to return to, the person lands on their own page (issue 12 item 4).
        (
            "/tunnistus/",
            "/omat-tiedot/",
            "Tunnistettu: Väinö Kokeilija",
            "Kirjaudu ulos",
            "Olet kirjautunut ulos.",
        ),
        (
            "/sv/identifiering/",
            "/sv/mina-uppgifter/",
            "Identifierad: Väinö Kokeilija",
            "Logga ut",
            "Du har loggat ut.",
        ),
        (
            "/en/identification/",
            "/en/my-data/",
            "Identified: Väinö Kokeilija",
            "Sign out",
            "You have signed out.",
        ),
    ],
)
def test_a_person_identifies_at_the_provider_and_lands_signed_in(
    page, live_server, provider, start, home, identified, sign_out, signed_out
):
    page.goto(start)

    expect(page.get_by_role("heading", name="Test identification provider")).to_be_visible()
    shot(page, "identification-provider")
    page.get_by_role("button", name="Väinö Kokeilija (020702A944W)").click()

    expect(page.get_by_text(identified)).to_be_visible()
    assert Axe().run(page).violations_count == 0
    assert page.url == f"{live_server.url}{home}"  # in the language it started in
    shot(page, "identification-signed-in")
    page.get_by_role("button", name=sign_out).click()
    expect(page.get_by_text(signed_out)).to_be_visible()
    expect(page.get_by_text(identified)).to_have_count(0)


def test_a_person_who_cancels_at_the_provider_is_told_so_and_may_try_again(page, provider):
    page.goto("/en/identification/")
    page.get_by_role("button", name="Cancel").click()

    expect(page.get_by_role("heading", name="Identification cancelled")).to_be_visible()
    assert Axe().run(page).violations_count == 0
    shot(page, "identification-cancelled")
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", name="Test identification provider")).to_be_visible()
