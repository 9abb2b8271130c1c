"""The back-office at 1366×768, as each role uses it (issue 11 items 5, 7 and 10).

The work queue is the first thing on the front page; the request page's
buttons leave its title readable; the request list fits the screen; and the
pages a role uses have no critical or serious axe-core violation.
"""

import os

import pytest
from playwright.sync_api import expect

from privacy import services
from privacy.models import DataSubjectRequest
from tests.conftest import STAFF_PASSWORD
from tests.factories import CustomerFactory, DataSubjectRequestFactory

SHOTS = os.environ.get("BACKOFFICE_SHOTS")  # a directory: save screenshots there to look at


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.locator("#user-tools")).to_be_visible()


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=False)


@pytest.fixture
def requests_in_work(customer_service_user):
    """A customer and requests in the states staff meet every day."""
    customer = CustomerFactory(
        first_name="Aino", last_name="Virtanen", email="aino.virtanen@example.fi", phone="+358401234567"
    )
    CustomerFactory(first_name="Mikael", last_name="Virtanen", email="mikael@example.fi")
    CustomerFactory(first_name="Mikael", last_name="Virtanen", email="m.virtanen@example.fi")
    dsr = DataSubjectRequestFactory(
        kind="erasure",
        first_name="Aino",
        last_name="Virtanen",
        email="aino.virtanen@example.fi",
        postal_address="Kuja 1\n20100 Turku",
        details="Poistakaa kaikki tietoni, paitsi ne jotka laki vaatii säilyttämään.",
    )
    token = services.confirmation_token_generator.make_token(dsr)
    dsr = services.confirm_email(request=dsr, token=token)
    dsr = services.verify_identity(
        request=dsr,
        by=customer_service_user,
        method=DataSubjectRequest.VerificationMethod.STRONG_EID,
        customer=customer,
    )
    dsr = services.start_processing(request=dsr, by=customer_service_user)
    for n in range(6):
        DataSubjectRequestFactory(
            kind="prohibit_direct_marketing", first_name="Eino", last_name=f"Korhonen-Pitkäsukunimi{n}"
        )
    confirmed = DataSubjectRequestFactory(kind="inspection", first_name="Mikael", last_name="Virtanen")
    confirmed = services.confirm_email(
        request=confirmed, token=services.confirmation_token_generator.make_token(confirmed)
    )
    return {"in_progress": dsr, "confirmed": confirmed, "customer": customer}


# --- Item 7: layout at 1366 px ---------------------------------------------------------------


def overlaps(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_the_request_pages_buttons_leave_its_title_readable(wide_page, requests_in_work):
    page = wide_page
    log_in(page, "sanna")
    page.goto(f"/admin/privacy/datasubjectrequest/{requests_in_work['in_progress'].pk}/change/")
    tools = page.locator(".object-tools")
    expect(tools.get_by_role("link", name="Lähetä poisto hyväksyttäväksi")).to_be_visible()
    shot(page, "request_page")
    buttons = tools.bounding_box()
    for title in (page.locator("#content h1"), page.locator("#content h2").first):
        assert not overlaps(buttons, title.bounding_box()), title.inner_text()
    for link in tools.get_by_role("link").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366


def test_the_request_list_fits_the_screen(wide_page, requests_in_work):
    page = wide_page
    log_in(page, "sanna")
    page.goto("/admin/privacy/datasubjectrequest/")
    shot(page, "request_list")
    table = page.locator("#result_list")
    results = page.locator("#changelist .results")
    # Nothing of the table is hidden behind a horizontal scroll or under the filters.
    assert (
        page.evaluate("document.querySelector('#changelist .results').scrollWidth")
        <= results.bounding_box()["width"] + 1
    )
    table_box = table.bounding_box()
    filters = page.locator("#changelist-filter").bounding_box()
    assert table_box["x"] + table_box["width"] <= filters["x"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    expect(page.get_by_role("columnheader", name="Vastaanotettu")).to_be_in_viewport()


# --- Item 5: the work queue comes first -----------------------------------------------------


def test_the_work_queue_is_the_first_thing_on_the_front_page(wide_page, requests_in_work):
    page = wide_page
    log_in(page, "sanna")
    shot(page, "index_customer_service")
    queue = page.locator(".work-queue")
    expect(queue.get_by_role("heading", name="Työjono")).to_be_in_viewport()
    assert queue.bounding_box()["y"] < page.locator(".app-registry").bounding_box()["y"]
    expect(page.get_by_text("Viimeisimmät tapahtumat")).to_have_count(0)
    number = requests_in_work["in_progress"].pk
    queue.get_by_role("link", name=f"#{number} tietojen poistaminen – Aino Virtanen", exact=False).click()
    expect(page.locator("#content h2").first).to_contain_text(f"tietojen poistaminen #{number}")
