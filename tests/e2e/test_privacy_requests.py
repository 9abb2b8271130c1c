"""A customer asks to inspect their data on the website; staff answer it in the back-office (S33–S35)."""

from django.core import mail
from playwright.sync_api import expect

from privacy.models import DataSubjectRequest
from tests.conftest import STAFF_PASSWORD
from tests.factories import CustomerFactory


def test_inspection_request_from_the_form_to_the_downloaded_answer(page, customer_service_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    CustomerFactory(first_name="Aino", last_name="Virtanen", email="aino.virtanen@example.fi")

    page.goto("/oikeudet/")
    page.get_by_role("link", name="Tarkasta, mitä tietoja meillä on sinusta").click()
    page.get_by_label("Etunimi:", exact=True).fill("Aino")
    page.get_by_label("Sukunimi:", exact=True).fill("Virtanen")
    page.get_by_label("Sähköposti:", exact=True).fill("aino.virtanen@example.fi")
    page.get_by_label("Vahvistan, että antamani tiedot ovat oikein.").check()
    page.get_by_role("button", name="Lähetä pyyntö").click()
    expect(page.get_by_role("heading", name="Kiitos – tarkista sähköpostisi")).to_be_visible()

    link = next(line.strip() for line in mail.outbox[0].body.splitlines() if "/oikeudet/vahvista/" in line)
    page.goto(link)
    page.get_by_role("button", name="Vahvista pyyntö").click()
    expect(page.get_by_role("heading", name="Pyyntösi on vahvistettu")).to_be_visible()
    dsr = DataSubjectRequest.objects.get()
    assert dsr.state == "email_confirmed"

    page.goto("/admin/")
    page.get_by_label("Käyttäjätunnus").fill("sanna")
    page.get_by_label("Salasana").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.goto(f"/admin/privacy/datasubjectrequest/{dsr.pk}/change/")
    expect(page.get_by_text("sähköpostiosoite vahvistettu")).to_be_visible()

    page.get_by_role("link", name="Todenna henkilöllisyys").click()
    page.get_by_label("Henkilöllisyys todennettu:").select_option("strong_eid")
    page.get_by_role("button", name="Todenna henkilöllisyys").click()
    page.get_by_role("link", name="Aloita käsittely").click()
    page.get_by_role("button", name="Aloita käsittely").click()
    page.get_by_role("link", name="Päätä ja laadi vastaus").click()
    page.get_by_role("button", name="Päätä ja laadi vastaus").click()
    # Issue 11 item 8: the answer is posted; without an address staff are sent to add one.
    expect(page.get_by_text("pyynnössä ei ole postiosoitetta")).to_be_visible()
    page.screenshot(path="test-results/letters-postal-address-missing.png", full_page=True)
    page.get_by_role("link", name="Lisää postiosoite").click()
    page.get_by_label("Postiosoite:").fill("Nortamonkatu 1 A 2\n26100 Rauma")
    page.get_by_role("button", name="Tallenna välillä ja jatka muokkaamista").click()
    expect(page.get_by_label("Postiosoite:")).to_have_value("Nortamonkatu 1 A 2\n26100 Rauma")
    page.get_by_role("link", name="Päätä ja laadi vastaus").click()
    page.get_by_role("button", name="Päätä ja laadi vastaus").click()
    expect(page.get_by_text("Pyyntö on käsitelty ja vastauskirje laadittu.")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa kirje (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    dsr.refresh_from_db()
    assert dsr.state == "completed"
    assert dsr.customer.email == "aino.virtanen@example.fi"
