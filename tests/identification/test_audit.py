"""Each identification leaves one chained audit entry that the responsible person can read (S39)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.identification.helpers import identify

pytestmark = pytest.mark.django_db


def test_identification_entries_are_chained_and_the_trail_verifies(client, provider):
    identify(client, provider)
    provider.faults.add("wrong_audience")
    identify(client, provider)

    out = io.StringIO()
    call_command("verify_audit_trail", stdout=out, stderr=io.StringIO())  # exits non-zero if tampered
    assert "Checked 2 entries" in out.getvalue()
    assert "the trail is intact" in out.getvalue()


def test_the_audit_review_shows_identifications_succeeded_and_failed(client, provider, responsible_person):
    identify(client, provider)
    provider.faults.add("wrong_key")
    identify(client, provider)
    client.force_login(responsible_person)

    page = client.get(reverse("audit_review:review")).content.decode()

    assert "Vahva sähköinen tunnistautuminen: Tunnistus onnistui" in page
    assert "Tunnistus onnistui" in page
    assert "Tunnistus epäonnistui: allekirjoitus ei kelpaa" in page
