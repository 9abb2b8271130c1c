"""The system administrator issues an enrolment link; the staff member sets up two-step login with it (issue 10, item 12)."""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import STAFF_PASSWORD
from tests.kanalinhelmi.test_two_factor import current_code

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def log_in(page, username):
    page.goto("/admin/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.STAFF_2FA_REQUIRED = True


def test_a_new_staff_member_sets_up_two_step_login_with_the_administrators_link(
    page, chromium, live_server, customer_service_user
):
    administrator = get_user_model().objects.create_superuser("admin", password=STAFF_PASSWORD)
    own = TOTPDevice.objects.create(user=administrator, name="puhelin", confirmed=True)
    log_in(page, "admin")
    page.get_by_label("Todennussovelluksen koodi").fill(current_code(own))
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.goto("/admin/auth/user/")
    page.locator(f"input[name=_selected_action][value='{customer_service_user.pk}']").check()
    page.locator("select[name=action]").select_option("issue_enrolment_links")
    page.get_by_role("button", name="Suorita").click()
    message = page.locator(".messagelist .success")
    expect(message).to_contain_text("Käyttöönottolinkki käyttäjälle sanna")
    shot(page, "enrolment-link-issued")
    link = re.search(r"https?://\S+/admin/2fa/enrol/\S+/", message.inner_text()).group(0)

    staff = chromium.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    log_in(staff, "sanna")
    expect(staff.locator("#content-main")).to_contain_text("kertakäyttöisen käyttöönottolinkin")
    expect(staff.locator(".two-factor-qr")).to_have_count(0)
    shot(staff, "enrolment-without-link")

    staff.goto(link)
    expect(staff.locator(".two-factor-qr svg")).to_be_visible()
    shot(staff, "enrolment-with-link")
    device = TOTPDevice.objects.get(user=customer_service_user, confirmed=False)
    staff.get_by_label("Todennussovelluksen koodi").fill(current_code(device))
    staff.get_by_role("button", name="Vahvista").click()
    expect(staff.get_by_role("link", name="Asiakkaat").first).to_be_visible()

    staff.goto(link)
    staff.context.clear_cookies()
    log_in(staff, "sanna")
    staff.goto(link)
    expect(staff.locator(".two-factor-qr")).to_have_count(0)
