"""The request's timeline and messages are in the reader's language (issue 11 item 9, S40).

Steps are stored as codes and worded when shown: a request sent from the
English form reads in Finnish in the Finnish back-office and in Swedish in
the Swedish one, and the data migration turns the old stored texts into codes.
"""

import importlib

import pytest
from django.urls import reverse
from django.utils import translation

from privacy import services
from privacy.models import DataSubjectRequest, RequestEvent
from tests.factories import CustomerFactory
from tests.privacy.conftest import confirmed

pytestmark = pytest.mark.django_db

migration = importlib.import_module("privacy.migrations.0009_request_events_as_codes")


def timeline(client, dsr):
    page = client.get(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])).content.decode()
    return page[page.index('class="request-timeline"') :]


def submitted_from_the_english_form():
    dsr = DataSubjectRequest(kind="inspection", first_name="Aino", last_name="Virtanen", email="a@example.fi")
    with translation.override("en"):
        return services.submit_request(request=dsr, site_url="http://testserver")


def test_a_request_from_the_english_form_reads_in_finnish_in_the_back_office(client, customer_service_user):
    dsr = submitted_from_the_english_form()
    client.force_login(customer_service_user)
    page = timeline(client, dsr)
    assert "lähetetty verkkosivuilla" in page
    assert "submitted on the website" not in page


def test_the_same_steps_read_in_swedish_when_swedish_is_active(customer_service_user):
    dsr = services.verify_identity(
        request=confirmed(),
        by=customer_service_user,
        method="strong_eid",
        customer=CustomerFactory(first_name="Aino", last_name="Virtanen"),
    )
    with translation.override("sv"):
        steps = [event.description for event in dsr.events.all()]
    assert "e-postadressen bekräftad" in steps
    assert "identiteten kontrollerad: stark elektronisk identifiering" in steps


def test_the_timeline_names_staff_by_full_name(client, customer_service_user):
    customer_service_user.first_name, customer_service_user.last_name = "Sanna", "Asiakas"
    customer_service_user.save()
    dsr = services.verify_identity(
        request=confirmed(),
        by=customer_service_user,
        method="strong_eid",
        customer=CustomerFactory(first_name="Aino", last_name="Virtanen"),
    )
    client.force_login(customer_service_user)
    assert "<td>Sanna Asiakas</td>" in timeline(client, dsr)
    page = client.get(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])).content.decode()
    assert '<div class="readonly">Sanna Asiakas</div>' in page
    assert '<div class="readonly">sanna</div>' not in page
    assert f'<option value="{customer_service_user.pk}" selected>Sanna Asiakas</option>' in page


def test_a_step_done_is_told_in_a_sentence_of_its_own(client, customer_service_user):
    dsr = services.verify_identity(
        request=confirmed(),
        by=customer_service_user,
        method="strong_eid",
        customer=CustomerFactory(first_name="Aino", last_name="Virtanen"),
    )
    client.force_login(customer_service_user)
    response = client.post(
        reverse("admin:privacy_request_action", args=[dsr.pk, "start_processing"]),
        {"version": dsr.version, "note": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "Pyynnön käsittely on aloitettu." in page
    assert "Tehty:" not in page


@pytest.mark.parametrize(
    "stored, code, params",
    [
        ("submitted on the website", "submitted", {}),
        ("lähetetty verkkosivuilla", "submitted", {}),
        ("asiakirja liitetty: allekirjoitettu pyyntökirje", "document_attached", {"kind": "signed_letter"}),
        (
            "letter sent: answer, by post, 2026-01-02",
            "letter_sent",
            {"letter": "answer", "how": "post", "day": "2026-01-02"},
        ),
        (
            "identiteten kontrollerad: stark elektronisk identifiering",
            "identity_verified",
            {"method": "strong_eid"},
        ),
        (
            "henkilöllisyys todennettu: vahva sähköinen tunnistautuminen",
            "identity_verified",
            {"method": "strong_eid"},
        ),
        ("määräaikaa pidennetty 2026-03-31 asti", "deadline_extended", {"due": "2026-03-31"}),
        ("something nobody wrote", "other", {"text": "something nobody wrote"}),
    ],
)
def test_the_migration_turns_stored_texts_into_codes(stored, code, params):
    assert migration.convert(stored, migration._patterns()) == (code, params)


def test_the_migration_round_trips_every_wording_in_every_language():
    patterns = migration._patterns()
    for code in RequestEvent.Action.values:
        # "other" is the migration's own fallback; the steps of the electronic channel (issue 12)
        # came after it and were never stored as text.
        if code in ("other", "filed_online", "customer_linked"):
            continue
        params = {
            "identity_verified": {"method": "mandate"},
            "rejection_proposed": {"reason": "legal_exception"},
            "deadline_extended": {"due": "2026-03-31"},
            "letter_sent": {"letter": "rejection", "how": "secure_email", "day": "2026-01-02"},
            "document_attached": {"kind": "mandate"},
            "document_removed": {"kind": "signed_letter"},
        }.get(code, {})
        for language in ("en", "fi", "sv"):
            with translation.override(language):
                text = RequestEvent(action=code, params=params).description
            assert migration.convert(text, patterns) == (code, params), (language, text)
