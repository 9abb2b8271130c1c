"""Finnish is the default language of every page and letter; Swedish follows."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po")) + sorted(
    ROOT.glob("locale/*/LC_MESSAGES/django.po")
)


def test_there_are_finnish_and_swedish_catalogues():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"fi", "sv"} <= languages


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated(path):
    catalogue = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert missing == [], f"untranslated in {path.relative_to(ROOT)}: run scripts/messages.sh and translate"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(path):
    source = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(path)) if e.translated()
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(path.with_suffix(".mo")))
    }
    assert source == compiled, "run scripts/messages.sh to compile the catalogues"
