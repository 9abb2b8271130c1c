"""The identification's pages are valid HTML in fi/sv/en, as every public page is (issue 13 item 7)."""

import pytest

from tests.identification.helpers import identify, sign_in_person

pytestmark = pytest.mark.django_db

START = {"fi": "/tunnistus/", "sv": "/sv/identifiering/", "en": "/en/identification/"}


def test_the_failure_pages_and_the_status_in_the_header_are_valid_html(
    client,
    provider,
    html_errors,
    settings,
):
    pages = {}
    for language, start in START.items():
        for fault in ("cancel", "wrong_key"):
            provider.faults = {fault}
            pages[f"{fault}-{language}"] = identify(client, provider, start_url=start).content
        sign_in_person(client)
        pages[f"signed-in-{language}"] = client.get({"fi": "/", "sv": "/sv/", "en": "/en/"}[language]).content
        settings.IDENTIFICATION_ISSUER = ""
        pages[f"not-in-use-{language}"] = client.get(start).content
        settings.IDENTIFICATION_ISSUER = provider.issuer
    errors = html_errors(pages)
    assert not errors, "\n".join(errors)
