"""django-auditlog and django-otp speak Finnish and Swedish in the back-office (issue 11 item 9).

Neither ships a Finnish or Swedish catalogue; their labels are translated in
the project's own (kanalinhelmi/third_party_labels.py). The apps' own
catalogues list every string they wrap in gettext, so a new string in an
upgrade fails here.
"""

from pathlib import Path

import auditlog
import django_otp
import polib
import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from kanalinhelmi.third_party_labels import authenticator_field_labels


def third_party_messages():
    catalogues = [
        Path(auditlog.__file__).parent / "locale/ja/LC_MESSAGES/django.po",
        Path(django_otp.__file__).parent / "locale/de/LC_MESSAGES/django.po",
    ]
    return [entry for path in catalogues for entry in polib.pofile(str(path)) if entry.msgid]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_auditlog_and_otp_string_is_translated(language):
    untranslated = []
    with translation.override(language):
        for entry in third_party_messages():
            if entry.msgid_plural:
                shown = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                missing = shown == entry.msgid_plural
            else:
                missing = translation.gettext(entry.msgid) == entry.msgid
            if missing:
                untranslated.append(entry.msgid)
    assert untranslated == []


@pytest.mark.django_db
def test_the_audit_log_section_of_the_admin_index_is_in_finnish(client, responsible_person):
    client.force_login(responsible_person)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Lokitiedot" in index
    assert "Audit log" not in index


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_authenticator_fields_have_translated_labels(language):
    with translation.override(language):
        for name, (label, _help_text) in authenticator_field_labels().items():
            shown = str(TOTPDevice._meta.get_field(name).verbose_name)
            assert shown == str(label)
            with translation.override("en"):
                english = str(label)
            assert shown != english, name
