"""Every letter kind in every language reads as one language, with no internal code (issue 18 items 8–10, issue 11 item 8).

One run writes every letter kind in Finnish, Swedish and English through
the real workflow; each letter's visible text is checked for internal
promise codes (S14), raw choice values (in_progress, ip_address), ISO dates,
"#5" references and words of another language. With ``LETTER_SAMPLES_DIR``
set (``scripts/letters.sh``), the PDFs are also written there as PNG pages.
"""

import html as html_lib
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.apps import apps

from tests.privacy.letter_samples import KINDS, every_letter

pytestmark = pytest.mark.django_db

LANGUAGES = ("fi", "sv", "en")

# Words that must not appear in a letter of the language: another language's words,
# and forms the issue asked to replace. Matched as whole words, ignoring case.
NOT_IN = {
    "fi": [
        "the",
        "and",
        "your",
        "request",
        "data",
        "answer",
        "Yours sincerely",
        "GDPR",
        "Art.",
        "och",
        "dina",
        "uppgifter",
        "begäran",
        "förfallodag",
        "Kysyit",
        "henkilöstä",
        "Säilytetään asti",
        "Kirjanpitolaki",
        "Emme voi toteuttaa",
        "Fields changed",
        "legal ground",
        "profession",
    ],
    "sv": [
        "the",
        "and",
        "your",
        "request",
        "data",
        "answer",
        "GDPR",
        "Art.",
        "tietosuojavaltuutettu",
        "tietosuojavaltuutetulle",
        "käräjäoikeus",
        "PL 800",
        "Helsinki",
        "fysioterapeutti",
        "Sairausvakuutuslaki",
        "luku",
        "pyyntö",
        "tietosi",
        "asiakas",
        "vastaava lääkäri",
        "käsittelyssä",
        "valmis",
        "Fields changed",
        "legal ground",
        "profession",
    ],
    "en": [
        "och",
        "dina",
        "uppgifter",
        "begäran",
        "PB 800",
        "Helsingfors",
        "tietosuoja-asetus",
        "tietosuojavaltuutettu",
        "käräjäoikeus",
        "PL 800",
        "fysioterapeutti",
        "Sairausvakuutuslaki",
        "luku",
        "pyyntö",
        "tietosi",
        "asiakas",
        "vastaava lääkäri",
        "käsittelyssä",
        "valmis",
        "Kirjanpitolaki",
    ],
}


def raw_choice_values():
    """Every stored choice value of the project's models that no person writes (``in_progress``)."""
    values = set()
    for model in apps.get_models():
        if model._meta.app_label not in (
            "registry",
            "privacy",
            "consent",
            "retention",
            "audit",
            "kanalinhelmi",
        ):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and "_" in value:
                    values.add(value)
    return values


def visible_text(html):
    """What a reader sees: the page without its style sheet and tags."""
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html))


def problems(text, language, raw_values):
    found = []
    found += [f"internal code {m}" for m in re.findall(r"\bS\d{1,2}\b", text)]
    found += [f"ISO date {m}" for m in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text)]
    found += [f"reference {m}" for m in re.findall(r"#\d+", text)]
    found += [f"raw value {v}" for v in raw_values if re.search(rf"\b{re.escape(v)}\b", text)]
    found += ["None" for _ in re.findall(r"\bNone\b", text)]
    found += [
        f"word {word!r}"
        for word in NOT_IN[language]
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags=re.I)
    ]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_letter_is_in_one_language_without_internal_codes(
    language, customer_service_user, responsible_person
):
    letters = every_letter(language, customer_service_user, responsible_person)
    raw_values = raw_choice_values()
    assert set(letters) == set(KINDS)
    found = {
        kind: problems(visible_text(letter.html), language, raw_values) for kind, letter in letters.items()
    }
    assert {kind: words for kind, words in found.items() if words} == {}
    for letter in letters.values():
        assert letter.language == language
        # No internal codes in the file name either (issue 18 item 6).
        assert not re.search(r"_|inspection|extension_notice|prohibit", letter.filename), letter.filename
    samples = os.environ.get("LETTER_SAMPLES_DIR")
    if samples:
        write_samples(Path(samples), language, letters)


def write_samples(directory, language, letters):
    """The first page of each letter as a PNG (and every page of the longer ones), for people to look at."""
    directory.mkdir(parents=True, exist_ok=True)
    for kind, letter in letters.items():
        pdf = directory / f"{language}-{kind}.pdf"
        pdf.write_bytes(bytes(letter.pdf))
        for old in directory.glob(f"{language}-{kind}-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(directory / f"{language}-{kind}")], check=True
        )
        pdf.unlink()
