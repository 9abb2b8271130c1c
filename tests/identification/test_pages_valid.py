"""The identification's pages are valid HTML in fi/sv/en, as every public page is (issue 13 item 7)."""

import json
import subprocess

import pytest

from tests.consent.test_public_markup_valid import vnu  # noqa: F401 (the checker, as a fixture)
from tests.identification.helpers import identify, sign_in_person

pytestmark = pytest.mark.django_db

START = {"fi": "/tunnistus/", "sv": "/sv/identifiering/", "en": "/en/identification/"}


def test_the_failure_pages_and_the_status_in_the_header_are_valid_html(
    client,
    provider,
    vnu,  # noqa: F811 (the fixture imported above)
    tmp_path,
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
    files = {}
    for name, content in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(content)
        files[str(path)] = name

    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *files], capture_output=True, text=True, timeout=300
    )

    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, "\n".join(errors)
