"""A staff member logs into the back-office and finds a customer (S29, S31)."""

from playwright.sync_api import expect

from tests.conftest import STAFF_PASSWORD
from tests.factories import CustomerFactory


def test_customer_service_logs_in_and_finds_a_customer_by_phone(page, customer_service_user):
    CustomerFactory(first_name="Aino", last_name="Virtanen", phone="+358401234567")
    CustomerFactory(first_name="Eino", last_name="Korhonen", phone="+358409999999")

    page.goto("/admin/")
    page.get_by_label("Käyttäjätunnus").fill("sanna")
    page.get_by_label("Salasana").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()

    page.get_by_role("link", name="Asiakkaat").first.click()
    page.locator("#searchbar").fill("040 123 4567")
    page.locator("#searchbar").press("Enter")

    expect(page.get_by_role("link", name="Virtanen")).to_be_visible()
    expect(page.get_by_role("link", name="Korhonen")).to_have_count(0)
    page.get_by_role("link", name="Virtanen").click()
    expect(page.locator("#id_phone")).to_have_value("+358401234567")


def test_wrong_password_shows_a_finnish_error(page, customer_service_user):
    page.goto("/admin/")
    page.get_by_label("Käyttäjätunnus").fill("sanna")
    page.get_by_label("Salasana").fill("väärä salasana")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.locator(".errornote")).to_contain_text("syötä henkilökuntatilin käyttäjätunnus ja salasana")
