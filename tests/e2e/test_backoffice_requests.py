"""Handling a request in the Finnish back-office, in a browser (issue 11 items 6 and 9; S34, S40)."""

from django.utils import translation
from playwright.sync_api import expect

from privacy import services
from privacy.models import DataSubjectRequest
from tests.e2e.test_backoffice_layout import log_in, shot
from tests.factories import CustomerFactory


def confirmed_request(**fields):
    dsr = DataSubjectRequest(kind="inspection", **fields)
    with translation.override("en"):
        # Sent from the English form: its steps were once stored in English.
        dsr = services.submit_request(request=dsr, site_url="http://testserver")
    token = services.confirmation_token_generator.make_token(dsr)
    return services.confirm_email(request=dsr, token=token)


def test_staff_link_a_request_to_the_right_one_of_two_customers_of_the_same_name(
    wide_page, customer_service_user
):
    page = wide_page
    CustomerFactory(
        first_name="Mikael", last_name="Virtanen", email="mikael@example.fi", phone="+358401110000"
    )
    right = CustomerFactory(
        first_name="Mikael", last_name="Virtanen", email="m.virtanen@example.fi", phone="+358402220000"
    )
    dsr = confirmed_request(first_name="Mikael", last_name="Virtanen", email="m.virtanen@example.fi")
    log_in(page, "sanna")
    page.goto(f"/admin/privacy/datasubjectrequest/{dsr.pk}/change/")
    expect(page.locator(".request-timeline")).to_contain_text("lähetetty verkkosivuilla")
    expect(page.locator(".request-timeline")).not_to_contain_text("submitted on the website")

    page.locator(".object-tools").get_by_role("link", name="Todenna henkilöllisyys").click()
    expect(page.get_by_label("Henkilöllisyys todennettu")).to_have_value("")
    comparison = page.locator(".identity-comparison")
    expect(comparison.locator("tr[data-key=email] td").first).to_have_text("m.virtanen@example.fi")

    page.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("Virtanen")
    results = page.locator(".select2-results__option")
    expect(results).to_have_count(2)
    expect(results.filter(has_text="mikael@example.fi")).to_contain_text("+358 40 1110000")
    results.filter(has_text=f"nro {right.pk}").click()
    expect(comparison.locator("[data-customer=number]")).to_have_text(str(right.pk))
    expect(comparison.locator("[data-customer=email]")).to_have_text("m.virtanen@example.fi")
    shot(page, "verify_chosen")

    page.get_by_label("Henkilöllisyys todennettu").select_option("strong_eid")
    page.get_by_role("button", name="Todenna henkilöllisyys").click()
    expect(page.locator(".messagelist")).to_contain_text("Henkilöllisyys on kirjattu todennetuksi.")
    expect(page.locator(".request-timeline")).to_contain_text(
        "henkilöllisyys todennettu: vahva sähköinen tunnistautuminen"
    )
    dsr.refresh_from_db()
    assert dsr.customer == right


def test_a_missing_scan_is_attached_from_the_error_and_the_verification_goes_on(
    wide_page, customer_service_user, tmp_path
):
    page = wide_page
    customer = CustomerFactory(first_name="Aino", last_name="Virtanen", email="aino@example.fi")
    dsr = confirmed_request(first_name="Aino", last_name="Virtanen", email="aino@example.fi")
    log_in(page, "sanna")
    page.goto(f"/admin/privacy/datasubjectrequest/{dsr.pk}/action/verify_identity/")
    page.get_by_label("Henkilöllisyys todennettu").select_option("signed_letter")
    page.get_by_role("button", name="Todenna henkilöllisyys").click()
    error = page.locator(".errornote")
    expect(error).to_contain_text("allekirjoitetun pyyntökirjeen skannattu kopio")
    error.get_by_role("link", name="Liitä skannaus").click()

    expect(page.get_by_label("Asiakirja")).to_have_value("signed_letter")
    scan = tmp_path / "kirje.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    page.get_by_label("Tiedosto").set_input_files(str(scan))
    page.get_by_role("button", name="Liitä asiakirja").click()

    expect(page).to_have_url(f"/admin/privacy/datasubjectrequest/{dsr.pk}/action/verify_identity/")
    assert customer.pk


def test_a_letter_is_prepared_in_the_background_and_a_failed_one_is_made_again(
    wide_page, customer_service_user, letters_by_worker, monkeypatch
):
    """Issue 14 item 1: "Kirjettä valmistellaan", then a failed job with "Yritä uudelleen", then the letter."""
    from django.core.management import call_command

    def run_worker():
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    page = wide_page
    customer = CustomerFactory(first_name="Aino", last_name="Virtanen")
    dsr = confirmed_request(
        first_name="Aino", last_name="Virtanen", postal_address="Kauppakatu 1, 26100 Rauma"
    )
    dsr = services.verify_identity(
        request=dsr, by=customer_service_user, method="strong_eid", customer=customer
    )
    dsr = services.start_processing(request=dsr, by=customer_service_user)
    dsr = services.complete_request(request=dsr, by=customer_service_user)
    log_in(page, "sanna")
    page.goto(f"/admin/privacy/datasubjectrequest/{dsr.pk}/change/")
    letters = page.locator(".request-letters")
    expect(letters).to_contain_text("Kirjettä valmistellaan")
    shot(page, "letter_being_prepared")

    def broken(html):
        raise OSError("no space left on device")

    monkeypatch.setattr("privacy.letters.html_to_pdf", broken)
    run_worker()
    monkeypatch.undo()
    page.reload()
    expect(letters).to_contain_text("Kirjettä ei voitu tehdä.")
    letters.locator(".letter-status").scroll_into_view_if_needed()
    shot(page, "letter_failed")
    letters.get_by_role("button", name="Yritä uudelleen").click()
    expect(page.locator(".messagelist")).to_contain_text("Kirjettä valmistellaan uudelleen")
    expect(letters).to_contain_text("Kirjettä valmistellaan")
    run_worker()
    page.reload()
    expect(letters.get_by_role("link", name="Lataa kirje (PDF)")).to_be_visible()
    shot(page, "letter_made")
