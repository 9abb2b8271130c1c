"""Each kind of request from the public form to the written answer (S33–S38, S40)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from privacy.models import DataSubjectRequest, RequestLetter
from registry.models import Customer
from tests.factories import CustomerFactory, DisclosureFactory, InvoiceFactory
from tests.privacy.conftest import SCANNED_PDF, admin_action, submit_and_confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def aino():
    return CustomerFactory(
        first_name="Aino", last_name="Virtanen", email="aino.virtanen@example.fi", phone="+358401234567"
    )


def verify_and_start(client, dsr, customer):
    response = admin_action(client, dsr, "verify_identity", method="strong_eid", customer=customer.pk)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert admin_action(client, dsr, "start_processing").status_code == 302


def test_inspection_ends_in_a_letter_and_a_machine_readable_copy(client, outbox, aino, customer_service_user):
    DisclosureFactory(customer=aino, recipient="Kansaneläkelaitos (Kela)")
    dsr = submit_and_confirm(client, "inspection", outbox)
    client.force_login(customer_service_user)
    verify_and_start(client, dsr, aino)
    assert admin_action(client, dsr, "complete_request").status_code == 302

    dsr.refresh_from_db()
    assert dsr.state == "completed"
    assert dsr.verified_by == customer_service_user
    letter = dsr.letters.get(kind=RequestLetter.Kind.ANSWER)
    assert bytes(letter.pdf).startswith(b"%PDF")
    assert "Kansaneläkelaitos (Kela)" in letter.html
    assert "Lääkärikeskus Kanalinhelmi Oy" in letter.html and "3386427-8" in letter.html
    assert "tietosuojavaltuutetulle" in letter.html
    export = json.loads(
        client.get(reverse("admin:privacy_request_letter", args=[dsr.pk, letter.pk, "json"])).content
    )
    keys = [section["key"] for section in export["sections"]]
    assert {"customer", "disclosures", "requests"} <= set(keys)
    assert export["controller"]["business_id"] == "3386427-8"
    assert export["sections"][0]["records"][0]["sähköposti"] == "aino.virtanen@example.fi"
    timeline = [event.to_state for event in dsr.events.all()]
    assert timeline == ["submitted", "email_confirmed", "identity_verified", "in_progress", "completed"]


def test_inspection_asked_in_swedish_is_answered_in_swedish(client, outbox, aino, customer_service_user):
    client.post(
        "/sv/rattigheter/inspection/",
        {
            "first_name": "Aino",
            "last_name": "Virtanen",
            "email": aino.email,
            "postal_address": "Nortamogatan 1, 26100 Raumo",
            "confirm_truthful": "on",
        },
    )
    from tests.privacy.conftest import confirmation_link

    client.post(confirmation_link(outbox[-1]))
    dsr = DataSubjectRequest.objects.get()
    client.force_login(customer_service_user)
    verify_and_start(client, dsr, aino)
    admin_action(client, dsr, "complete_request")
    letter = dsr.letters.get()
    assert letter.language == "sv"
    assert "Svar på din begäran om granskning" in letter.html
    assert letter.data_export["sections"][0]["title"] == "Dina uppgifter"


def test_correction_lists_the_changed_fields_and_recipients_to_tell(
    client, outbox, aino, customer_service_user
):
    DisclosureFactory(customer=aino, recipient="Verohallinto")
    dsr = submit_and_confirm(client, "correction", outbox)
    client.force_login(customer_service_user)
    verify_and_start(client, dsr, aino)
    aino.refresh_from_db()
    aino.phone = "+358407654321"
    aino.save()
    assert admin_action(client, dsr, "complete_request").status_code == 302

    dsr.refresh_from_db()
    assert dsr.state == "completed"
    changes = dsr.outcome["changed_fields"]
    assert [(c["field"], c["old"], c["new"]) for c in changes] == [("puhelin", "040 1234567", "040 7654321")]
    assert [r["recipient"] for r in dsr.outcome["recipients_to_notify"]] == ["Verohallinto"]
    letter = dsr.letters.get()
    assert "040 7654321" in letter.html and "Verohallinto" in letter.html


@pytest.mark.parametrize(
    ("kind", "flag"),
    [
        ("prohibit_disclosure", "disclosure_prohibited_at"),
        ("prohibit_processing", "processing_prohibited_at"),
        ("prohibit_direct_marketing", "direct_marketing_prohibited_at"),
        ("restriction", "processing_restricted_at"),
    ],
)
def test_prohibition_sets_the_customers_flag_and_answers(
    client, outbox, aino, customer_service_user, kind, flag
):
    dsr = submit_and_confirm(client, kind, outbox)
    client.force_login(customer_service_user)
    verify_and_start(client, dsr, aino)
    assert (
        admin_action(client, dsr, "complete_request", restriction_ground="accuracy_contested").status_code
        == 302
    )
    aino.refresh_from_db()
    assert getattr(aino, flag) is not None
    assert dsr.letters.get().kind == RequestLetter.Kind.ANSWER


def test_erasure_is_carried_out_only_after_the_responsible_person_approves(
    client, outbox, aino, customer_service_user, responsible_person
):
    InvoiceFactory(customer=aino)
    dsr = submit_and_confirm(client, "erasure", outbox)
    client.force_login(customer_service_user)
    verify_and_start(client, dsr, aino)
    assert admin_action(client, dsr, "propose_erasure").status_code == 302
    response = admin_action(client, dsr, "approve_request")
    assert "Vain rekisterivastaava voi hyväksyä" in response.content.decode()
    aino.refresh_from_db()
    assert aino.email == "aino.virtanen@example.fi"

    client.force_login(responsible_person)
    assert admin_action(client, dsr, "approve_request").status_code == 302
    dsr.refresh_from_db()
    assert dsr.state == "completed"
    assert dsr.approved_by == responsible_person
    aino = Customer.objects.get(pk=aino.pk)
    assert aino.email == "" and aino.phone == ""
    letter = dsr.letters.get(kind=RequestLetter.Kind.ANSWER)
    assert "kirjanpitolain (1336/1997) 2 luvun 10 §" in letter.html


def test_request_on_behalf_needs_the_mandate_checked(client, outbox, aino, customer_service_user):
    dsr = submit_and_confirm(
        client,
        "inspection",
        outbox,
        email="kaisa@example.fi",
        first_name="Kaisa",
        on_behalf="on",
        subject_first_name="Aino",
        subject_last_name="Virtanen",
        mandate_kind="legal_representative",
        mandate_details="Edunvalvontapäätös 1.2.2025",
    )
    client.force_login(customer_service_user)
    response = admin_action(client, dsr, "verify_identity", method="strong_eid", customer=aino.pk)
    assert "tarkista edustajan valtuutus" in response.content.decode()
    response = admin_action(client, dsr, "verify_identity", method="mandate", customer=aino.pk)
    assert "Liitä pyyntöön valtakirjan" in response.content.decode(), "no mandate document yet"
    scan = SimpleUploadedFile("edunvalvontapaatos.pdf", SCANNED_PDF, content_type="application/pdf")
    attached = client.post(
        reverse("admin:privacy_request_attach", args=[dsr.pk]), {"kind": "mandate", "file": scan}
    )
    assert attached.status_code == 302
    assert admin_action(client, dsr, "verify_identity", method="mandate", customer=aino.pk).status_code == 302
    dsr.refresh_from_db()
    assert dsr.verification_method == "mandate"
    assert dsr.customer == aino
