"""Issue 13 items 5–7 as a visitor's browser receives them: the forms' error summary, help texts
tied to their fields, autocomplete, dates that cannot be misread, the link's lifetime, the home
page's actions and valid status messages."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from consent.templatetags.public_site import unambiguous_date
from privacy.tokens import confirmation_token_generator
from tests.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db


def url(name, language="fi", *args):
    with translation.override(language):
        return reverse(name, args=args)


def post_correction(client, language="en", **data):
    return client.post(url("privacy:request", language, "correction"), data).content.decode()


def test_the_error_summary_links_to_each_field_in_error_and_takes_focus(client):
    page = post_correction(client, first_name="Aino", email="not-an-address")
    summary = page[page.index('id="error-summary"') : page.index("</div>", page.index('id="error-summary"'))]
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    for field in ["id_last_name", "id_email", "id_details", "id_confirm_truthful"]:
        assert f'href="#{field}"' in summary
    assert 'href="#id_first_name"' not in summary


def test_the_correction_forms_error_is_shown_once_at_its_field(client):
    page = post_correction(client, first_name="Aino")
    message = "Tell us which data is wrong and what it should be."
    assert page.count(f'<p class="error" id="id_details_error">{message}</p>') == 1
    assert page.count(message) == 2  # the field and the summary


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_aria_describedby_points_to_an_element_on_the_page(client, language):
    for page in [
        client.get(url("privacy:request", language, "inspection")).content.decode(),
        post_correction(client, language, email="x"),
    ]:
        ids = set(re.findall(r'\sid="([^"]+)"', page))
        for described in re.findall(r'aria-describedby="([^"]+)"', page):
            for target in described.split():
                assert target in ids, target


def test_the_request_fields_say_what_the_browser_may_fill_in(client):
    page = client.get(url("privacy:request", "en", "inspection")).content.decode()
    for name, token in {
        "first_name": "given-name",
        "last_name": "family-name",
        "email": "email",
        "phone": "tel",
        "postal_address": "street-address",
    }.items():
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page).group(0)
        assert f'autocomplete="{token}"' in tag


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "2 January 2027"), ("fi", "2.1.2027"), ("sv", "2.1.2027")]
)
def test_dates_cannot_be_misread(language, shown):
    with translation.override(language):
        assert unambiguous_date(date(2027, 1, 2)) == shown


def test_the_confirmed_page_gives_the_due_date_in_words_in_english(client):
    dsr = DataSubjectRequestFactory()
    from django.utils.http import int_to_base36

    token = confirmation_token_generator.make_token(dsr)
    page = client.post(url("privacy:confirm", "en", int_to_base36(dsr.pk), token)).content.decode()
    dsr.refresh_from_db()
    assert f"{dsr.due_on.day} {dsr.due_on:%B} {dsr.due_on.year}" in page
    assert not re.search(r"\d{2}/\d{2}/\d{4}", page)


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("fi", "72 tunnin kuluttua"), ("sv", "om 72 timmar"), ("en", "expires in 72 hours")],
)
def test_the_sent_page_says_when_the_link_expires(client, settings, language, phrase):
    assert settings.PRIVACY_CONFIRMATION_TIMEOUT == 72 * 3600
    assert phrase in client.get(url("privacy:sent", language)).content.decode()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_home_page_offers_the_visitors_actions_in_its_main_content(client, language):
    page = client.get(url("home", language)).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    for target in [
        url("consent:privacy_notice", language),
        url("privacy:rights", language),
        url("consent:link_request", language),
        url("consent:cookie_settings", language),
    ]:
        assert f'href="{target}' in main


def test_status_messages_are_announced_from_a_valid_container(client):
    response = client.post(url("consent:link_request"), {"email": "someone@example.fi"}, follow=True)
    page = response.content.decode()
    assert '<ul class="messages" role="status">' not in page
    assert '<div class="messages" role="status">' in page
