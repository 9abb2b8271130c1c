"""The responsible person works in the audit review in a browser (S2, S39; issue 11 items 1 and 4)."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from privacy.audit.highlights import HIGHLIGHTS, opening_hours_zone
from tests.audit.conftest import view_entry
from tests.conftest import STAFF_PASSWORD
from tests.factories import BillingProfileFactory, CustomerFactory

LAPTOP = {"width": 1366, "height": 768}


def a_recent_weekday():
    """A Wednesday within the highlights' default look-back, so opening hours apply."""
    day = timezone.localdate() - timedelta(days=2)
    while day.isoweekday() != 3:
        day -= timedelta(days=1)
    return day


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=opening_hours_zone())


def log_in(page, username):
    page.goto("/admin/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()


@pytest.fixture
def trail(customer_service_user, billing_user, practitioner_user, settings):
    """One entry for each highlight, each about a customer with a last name of its own."""
    settings.AUDIT_BUSY_DAY_CUSTOMERS = 2
    billing_user.first_name, billing_user.last_name = "Jari", "Kiireinen"
    billing_user.save()
    day = a_recent_weekday()
    view_entry(CustomerFactory(last_name="Yövalvoja"), customer_service_user, at(day, 3))
    view_entry(CustomerFactory(last_name="Vieraslahti"), practitioner_user, at(day, 10))
    view_entry(CustomerFactory(last_name="Ruuhka"), billing_user, at(day, 11))
    view_entry(CustomerFactory(last_name="Tungos"), billing_user, at(day, 11, 5))
    profile = BillingProfileFactory(customer=CustomerFactory(last_name="Pankkinen"))
    profile.bank_account = "FI4950009420028730"
    profile.save()
    return {
        # slug: what the highlight must show, and what it must not
        "after-hours": ("Yövalvoja", ["Vieraslahti", "Ruuhka", "Pankkinen"]),
        "no-care-relationship": ("Vieraslahti", ["Yövalvoja", "Ruuhka", "Pankkinen"]),
        "bank-accounts": ("Pankkinen", ["Yövalvoja", "Vieraslahti", "Ruuhka"]),
        "busy-days": ("Jari Kiireinen", ["sanna", "liisa"]),
    }


def test_every_highlight_link_opens_that_highlights_own_entries(page, trail, responsible_person):
    """Issue 11 item 1: three of the four links opened the busy-days page."""
    page.set_viewport_size(LAPTOP)
    log_in(page, "eero")
    page.goto("/admin/audit/")
    for slug, (shown, hidden) in trail.items():
        with translation.override("fi"):
            title = str(HIGHLIGHTS[slug].title)
        page.locator("#changelist-filter").get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        table = page.locator("#result_list")
        expect(table).to_contain_text(shown)
        for text in hidden:
            expect(table).not_to_contain_text(text)


@pytest.mark.parametrize("slug", ["after-hours", "no-care-relationship", "bank-accounts"])
def test_filtering_within_a_highlight_keeps_the_highlight(page, trail, responsible_person, slug):
    """Issue 11 item 1: the filter form dropped the highlight's hidden field, so "Show" listed everything."""
    shown, hidden = trail[slug]
    log_in(page, "eero")
    with translation.override("fi"):
        title = str(HIGHLIGHTS[slug].title)
    page.goto(f"/admin/audit/?highlight={slug}")
    page.locator("#changelist-filter").get_by_role("button", name="Näytä").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("#result_list")).to_contain_text(shown)
    for text in hidden:
        expect(page.locator("#result_list")).not_to_contain_text(text)


def overlap(a, b):
    width = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    height = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(width, 0) * max(height, 0)


@pytest.mark.parametrize("path", ["/admin/audit/", "/admin/audit/busy-days/", "customer history"])
def test_filter_panel_does_not_cover_the_table_on_a_laptop_screen(page, trail, responsible_person, path):
    """Issue 11 item 4: at 1366×768 the filter panel covered the audit table."""
    if path == "customer history":
        customer = CustomerFactory(first_name="Aino", last_name="Historia")
        path = f"/admin/audit/customers/{customer.pk}/"
    page.set_viewport_size(LAPTOP)
    log_in(page, "eero")
    page.goto(path)
    page.screenshot(path=f"/tmp/audit-review-{path.strip('/').replace('/', '-')}.png", full_page=True)
    table = page.locator("#result_list").bounding_box()
    panel = page.locator("#changelist-filter").bounding_box()
    assert table and panel
    assert overlap(table, panel) == 0, (table, panel)
    # Nor do the export buttons cover the text above the table.
    for tools in page.locator(".object-tools").all():
        for text in page.locator("#content-main > p").all():
            assert overlap(tools.bounding_box(), text.bounding_box()) == 0
    # Nothing of the table is pushed off the page sideways either.
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


@pytest.mark.parametrize(
    "path", ["/admin/audit/", "/admin/audit/busy-days/", "/admin/audit/?highlight=after-hours"]
)
def test_the_audit_review_has_no_serious_accessibility_violations(page, trail, responsible_person, path):
    """Issue 11 item 10 for the audit review: no critical or serious axe-core violation (link-in-text-block)."""
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size(LAPTOP)
    log_in(page, "eero")
    page.goto(path)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("critical", "serious")]
    assert serious == [], results.generate_report()
