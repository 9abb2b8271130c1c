"""Issue 12: the customer's whole electronic journey in Chromium, in Finnish, Swedish and English.

The customer identifies at the local FTN provider, sees their data and log
data on their own page, withdraws a consent with one click, files an erasure
request without paper; staff carry it out (the service layer, as the
back-office's buttons do); the customer downloads the answer, and that
download is the letter's "sent" record. The identification was linked to the
customer by staff on an earlier request (the one-time confirmation).
Set E2E_SCREENSHOTS=<directory> to keep screenshots.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from consent.selectors import consents_in_force
from consent.services import give_consent
from identification.session import person_key
from privacy import services
from privacy.models import DataSubjectRequest, RequestLetter
from registry.models import Customer, ElectronicIdentity
from tests.factories import CustomerFactory
from tests.identification.provider import PERSONS

SHOTS = os.environ.get("E2E_SCREENSHOTS")
VAINO = PERSONS[1]  # Väinö Kokeilija, a test person of the provider

WORDS = {
    "fi": {
        "own_page": "/omat-tiedot/",
        "identify": "Tunnistaudu",
        "log": "Kuka on katsonut tai muuttanut tietojasi",
        "withdraw": "Peruuta suostumus",
        "withdrawn": "Suostumuksesi on peruutettu.",
        "new_request": "Tee uusi pyyntö",
        "send": "Lähetä pyyntö",
        "received": "on vastaanotettu",
        "download": "Lataa:",
    },
    "sv": {
        "own_page": "/sv/mina-uppgifter/",
        "identify": "Identifiera dig",
        "log": "Vem som har visat eller ändrat dina uppgifter",
        "withdraw": "Återkalla samtycket",
        "withdrawn": "Ditt samtycke har återkallats.",
        "new_request": "Gör en ny begäran",
        "send": "Skicka begäran",
        "received": "har tagits emot",
        "download": "Ladda ned:",
    },
    "en": {
        "own_page": "/en/my-data/",
        "identify": "Identify yourself",
        "log": "Who has viewed or changed your data",
        "withdraw": "Withdraw consent",
        "withdrawn": "Your consent has been withdrawn.",
        "new_request": "Make a new request",
        "send": "Send the request",
        "received": "has been received",
        "download": "Download:",
    },
}


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_identify_see_withdraw_file_erasure_and_download_the_answer(
    page, live_server, provider, customer_service_user, responsible_person, language
):
    words = WORDS[language]
    customer = CustomerFactory(
        first_name=VAINO.given_name,
        last_name=VAINO.family_name,
        email="vaino.kokeilija@example.fi",
        preferred_language=language,
    )
    give_consent(
        customer=customer,
        purpose_key="marketing",
        channel="web",
        ip_address="192.0.2.7",
        user_agent="Firefox",
    )
    ElectronicIdentity.objects.create(
        customer=customer, person_key=person_key(VAINO.identity_code), linked_by=customer_service_user
    )

    # Identify at the broker and land on the own page.
    page.goto(live_server.url + words["own_page"])
    page.get_by_role("link", name=words["identify"], exact=True).click()
    page.get_by_role("button", name=f"{VAINO.given_name} {VAINO.family_name} ({VAINO.identity_code})").click()
    expect(page).to_have_url(live_server.url + words["own_page"])

    # The data and the log data.
    expect(page.get_by_text("vaino.kokeilija@example.fi").first).to_be_visible()
    expect(page.get_by_role("heading", name=words["log"])).to_be_visible()
    assert page.locator("table.own-log tbody tr").count() >= 1
    shot(page, f"own-page-{language}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    # One click withdraws the consent.
    page.get_by_role("button", name=words["withdraw"]).first.click()
    expect(page.get_by_text(words["withdrawn"])).to_be_visible()
    assert consents_in_force(customer) == set()

    # An erasure request without paper.
    page.get_by_role("link", name=words["new_request"]).click()
    page.locator("#id_kind").select_option("erasure")
    page.locator("#id_email").fill("vaino.kokeilija@example.fi")
    shot(page, f"own-page-new-request-{language}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_text(words["received"])).to_be_visible()
    dsr = DataSubjectRequest.objects.get(kind="erasure")
    assert (dsr.state, dsr.customer, dsr.language) == ("identity_verified", customer, language)

    # Staff carry it out: the responsible person approves the erasure.
    dsr = services.start_processing(request=dsr, by=customer_service_user)
    dsr = services.propose_erasure(request=dsr, by=customer_service_user)
    services.approve_request(request=dsr, by=responsible_person)
    assert not Customer.objects.filter(pk=customer.pk).exists()

    # The answer waits on the own page; downloading it is its "sent" record.
    page.goto(live_server.url + words["own_page"])
    link = page.get_by_role("link", name=words["download"])
    expect(link).to_be_visible()
    shot(page, f"own-page-answered-{language}")
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    letter = RequestLetter.objects.get(request=dsr, kind=RequestLetter.Kind.ANSWER)
    assert letter.sent_how == RequestLetter.Delivery.OWN_PAGE and letter.sent_at is not None


def test_the_own_page_fits_a_phone(chromium, live_server, provider, customer_service_user):
    """Customers come with phones: the own page and the request form fit 360 px without sideways scrolling."""
    customer = CustomerFactory(first_name=VAINO.given_name, last_name=VAINO.family_name)
    ElectronicIdentity.objects.create(
        customer=customer, person_key=person_key(VAINO.identity_code), linked_by=customer_service_user
    )
    context = chromium.new_context(
        base_url=live_server.url, locale="fi-FI", viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(WORDS["fi"]["own_page"])
        page.get_by_role("link", name=WORDS["fi"]["identify"], exact=True).click()
        page.get_by_role(
            "button", name=f"{VAINO.given_name} {VAINO.family_name} ({VAINO.identity_code})"
        ).click()
        expect(page.get_by_role("heading", name="Oma sivusi")).to_be_visible()
        shot(page, "own-page-phone")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.get_by_role("link", name=WORDS["fi"]["new_request"]).click()
        shot(page, "own-page-new-request-phone")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
