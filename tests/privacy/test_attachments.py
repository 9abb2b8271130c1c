"""Scans attached to a request (S14, S34): a signed request letter or a mandate document,
checked by content, kept in the database and handed out only to staff who handle requests."""

import hashlib
import struct
import zlib
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from privacy import services
from privacy.models import DataSubjectRequest, RequestAttachment
from tests.factories import CustomerFactory
from tests.privacy.conftest import confirmed, in_progress

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png(width=1, height=1):
    """A real PNG image of white pixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def attach_url(dsr):
    return reverse("admin:privacy_request_attach", args=[dsr.pk])


def upload(client, dsr, name, content, kind="signed_letter", content_type="application/pdf"):
    return client.post(
        attach_url(dsr), {"kind": kind, "file": SimpleUploadedFile(name, content, content_type=content_type)}
    )


def stored(dsr, content, name="kirje.pdf", kind="signed_letter", by=None):
    return services.attach_document(request=dsr, by=by, kind=kind, upload=SimpleUploadedFile(name, content))


def test_staff_attach_a_signed_letter_and_it_is_stored_with_its_checksum(client, customer_service_user):
    dsr = confirmed()
    client.force_login(customer_service_user)
    response = upload(client, dsr, "Allekirjoitettu pyyntö.pdf", PDF)
    assert response.status_code == 302
    attachment = RequestAttachment.objects.get(request=dsr)
    assert (attachment.kind, attachment.content_type) == ("signed_letter", "application/pdf")
    assert bytes(attachment.content) == PDF
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.original_name == "Allekirjoitettu_pyyntö.pdf"
    assert attachment.uploaded_by == customer_service_user
    assert dsr.events.last().description == "asiakirja liitetty: allekirjoitettu pyyntökirje"
    page = client.get(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])).content.decode()
    assert reverse("admin:privacy_request_attachment", args=[dsr.pk, attachment.pk]) in page


def test_a_png_scan_of_a_mandate_is_accepted_and_named_by_its_real_type(client, customer_service_user):
    dsr = confirmed(on_behalf=True, subject_first_name="Eino", subject_last_name="Virtanen")
    client.force_login(customer_service_user)
    image = png(4, 3)
    response = upload(
        client, dsr, "../../etc/valtakirja.pdf", image, kind="mandate", content_type="application/pdf"
    )
    assert response.status_code == 302
    attachment = RequestAttachment.objects.get(request=dsr)
    assert (attachment.kind, attachment.content_type) == ("mandate", "image/png")
    assert attachment.original_name == "valtakirja.png"


def test_a_file_named_pdf_that_is_not_one_is_refused_and_nothing_is_stored(client, customer_service_user):
    dsr = confirmed()
    client.force_login(customer_service_user)
    response = upload(client, dsr, "kirje.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 400
    assert "ei ole PDF-, JPEG- eikä PNG-tiedosto" in response.content.decode()
    assert not RequestAttachment.objects.exists()
    assert not dsr.events.filter(action="document_attached").exists()


def test_an_empty_file_is_refused_with_a_clear_message(client, customer_service_user):
    dsr = confirmed()
    client.force_login(customer_service_user)
    response = upload(client, dsr, "kirje.pdf", b"")
    assert response.status_code == 400
    assert "Tiedosto on tyhjä" in response.content.decode()
    assert not RequestAttachment.objects.exists()


def test_an_oversized_file_is_refused(client, customer_service_user, settings):
    settings.PRIVACY_ATTACHMENT_MAX_MB = 1
    dsr = confirmed()
    client.force_login(customer_service_user)
    response = upload(client, dsr, "kirje.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert "Tiedosto on liian suuri (1,0 Mt). Suurin sallittu koko on 1 Mt." in response.content.decode()
    assert not RequestAttachment.objects.exists()


@pytest.mark.parametrize(
    ("content", "swedish"),
    [
        (b"GIF89a", "Filen är inte en PDF-, JPEG- eller PNG-fil"),
        (b"", "Filen är tom"),
    ],
)
def test_the_refusals_are_translated_into_swedish(content, swedish):
    dsr = confirmed()
    with pytest.raises(ValidationError) as refused, translation.override("sv"):
        stored(dsr, content, name="brev.pdf")
    with translation.override("sv"):
        assert swedish in " ".join(refused.value.messages)


def test_customer_service_download_the_scan_with_safe_headers_and_it_is_logged(client, customer_service_user):
    dsr = confirmed()
    attachment = stored(dsr, PDF, name="Pyyntö.pdf")
    client.force_login(customer_service_user)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(dsr.pk)).count()
    response = client.get(reverse("admin:privacy_request_attachment", args=[dsr.pk, attachment.pk]))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Pyynt%C3%B6.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(dsr.pk))
    assert entries.count() == before + 1
    assert entries.latest("timestamp").actor == customer_service_user


@pytest.mark.parametrize("role", ["billing_user", "practitioner_user"])
def test_billing_and_practitioners_can_neither_download_nor_attach(client, request, role):
    dsr = confirmed()
    attachment = stored(dsr, PDF)
    client.force_login(request.getfixturevalue(role))
    assert (
        client.get(reverse("admin:privacy_request_attachment", args=[dsr.pk, attachment.pk])).status_code
        == 403
    )
    assert upload(client, dsr, "kirje.pdf", PDF).status_code == 403
    assert RequestAttachment.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client):
    dsr = confirmed()
    attachment = stored(dsr, PDF)
    response = client.get(reverse("admin:privacy_request_attachment", args=[dsr.pk, attachment.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert PDF not in response.content


def test_an_attachment_is_only_found_under_its_own_request(client, customer_service_user):
    attachment = stored(confirmed(), PDF)
    other = confirmed(email="toinen@example.fi")
    client.force_login(customer_service_user)
    url = reverse("admin:privacy_request_attachment", args=[other.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_the_attach_form_needs_its_csrf_token(customer_service_user):
    dsr = confirmed()
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer_service_user)
    assert upload(client, dsr, "kirje.pdf", PDF).status_code == 403
    assert not RequestAttachment.objects.exists()


def test_uploads_are_never_written_to_disk(client, customer_service_user, settings, tmp_path, monkeypatch):
    """A scan up to the limit stays in memory: no temporary file, nothing under static or media files."""
    for name in ("static", "media", "uploads"):
        (tmp_path / name).mkdir()
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    temporary_files = []
    original = TemporaryFileUploadHandler.new_file

    def spy(self, *args, **kwargs):
        temporary_files.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", spy)
    # Larger than Django's default in-memory threshold of 2.5 MB.
    big_scan = png(8, 8) + b"\x00" * (3 * 1024 * 1024)
    dsr = confirmed()
    client.force_login(customer_service_user)
    assert upload(client, dsr, "kirje.png", big_scan, content_type="image/png").status_code == 302
    assert RequestAttachment.objects.get().size == len(big_scan)
    assert temporary_files == []
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    project_static = Path(settings.BASE_DIR) / "staticfiles"
    checksum = hashlib.sha256(big_scan).hexdigest()
    if project_static.exists():
        assert not any(
            p.is_file()
            and p.stat().st_size == len(big_scan)
            and hashlib.sha256(p.read_bytes()).hexdigest() == checksum
            for p in project_static.rglob("*")
        )


def test_erasure_keeps_the_signed_letter_with_its_request_and_says_so(
    customer_service_user, responsible_person
):
    customer = CustomerFactory()
    earlier = in_progress(customer_service_user, customer=customer, kind="inspection")
    earlier = services.complete_request(request=earlier, by=customer_service_user)
    letter = stored(earlier, PDF, by=customer_service_user)
    dsr = in_progress(customer_service_user, customer=customer, kind="erasure")
    mandate = stored(dsr, png(), name="valtakirja.png", kind="mandate", by=customer_service_user)
    dsr = services.propose_erasure(request=dsr, by=customer_service_user)
    dsr = services.approve_request(request=dsr, by=responsible_person)

    assert dsr.state == "completed"
    assert set(RequestAttachment.objects.values_list("pk", flat=True)) == {letter.pk, mandate.pk}
    kept = {k["item"]: k for k in dsr.outcome["erasure"]["kept"]}
    letter_item = f"pyyntöön {earlier.pk} {timezone.localdate(letter.uploaded_at).isoformat()} liitetty allekirjoitettu pyyntökirje"
    assert letter_item in kept
    request_item = next(
        item for item in kept if item.startswith(f"{earlier.received_on} vastaanotettu pyyntö")
    )
    assert kept[letter_item]["keep_until"] == kept[request_item]["keep_until"]
    assert any(f"pyyntöön {dsr.pk} " in item and "valtuutusasiakirja" in item for item in kept)


def test_attachments_go_when_their_request_is_deleted():
    dsr = confirmed()
    stored(dsr, PDF)
    DataSubjectRequest.objects.get(pk=dsr.pk).delete()
    assert not RequestAttachment.objects.exists()


def test_the_access_report_tells_the_customer_which_documents_are_kept(customer_service_user):
    from privacy.selectors import access_report_part

    customer = CustomerFactory()
    dsr = in_progress(customer_service_user, customer=customer)
    attachment = stored(dsr, PDF, by=customer_service_user)
    [part] = access_report_part(customer)
    [record] = part["records"]
    assert (
        record["liitetyt asiakirjat"]
        == f"allekirjoitettu pyyntökirje ({timezone.localdate(attachment.uploaded_at).isoformat()})"
    )


def remove_url(attachment):
    return reverse("admin:privacy_request_attachment_remove", args=[attachment.request_id, attachment.pk])


def test_responsible_person_removes_a_document_scanned_by_mistake_with_a_reason(client, responsible_person):
    dsr = confirmed()
    attachment = stored(dsr, PDF, name="henkilokortti.pdf")
    client.force_login(responsible_person)
    response = client.post(remove_url(attachment), {"reason": "Henkilökortin kopio, ei saa säilyttää"})
    assert response.status_code == 302
    assert not RequestAttachment.objects.filter(pk=attachment.pk).exists()
    event = dsr.events.order_by("-pk").first()
    assert event.actor == responsible_person
    assert "henkilokortti.pdf" in event.note and "Henkilökortin kopio" in event.note
    assert LogEntry.objects.get_for_object(attachment).filter(action=LogEntry.Action.DELETE).exists()


def test_removal_needs_a_reason(client, responsible_person):
    attachment = stored(confirmed(), PDF)
    client.force_login(responsible_person)
    response = client.post(remove_url(attachment), {"reason": " "}, follow=True)
    assert "Kerro syy" in response.content.decode()
    assert RequestAttachment.objects.filter(pk=attachment.pk).exists()


def test_customer_service_cannot_remove_documents(client, customer_service_user):
    attachment = stored(confirmed(), PDF)
    client.force_login(customer_service_user)
    assert client.post(remove_url(attachment), {"reason": "vahinko"}).status_code == 403
    assert client.get(remove_url(attachment)).status_code == 403
    assert RequestAttachment.objects.filter(pk=attachment.pk).exists()


def test_a_file_the_database_refuses_gives_a_clear_error_and_changes_nothing(
    client, customer_service_user, monkeypatch
):
    """Issue 14 item 4: a full disk or a refusing database is a message on the form, not a 500."""
    from django.db import connection

    dsr = confirmed()
    version, events = dsr.version, dsr.events.count()
    original_save = RequestAttachment.save

    def refused(self, *args, **kwargs):
        original_save(self, *args, **kwargs)
        with connection.cursor() as cursor:  # the database refuses the next write, as a full disk does
            cursor.execute("INSERT INTO no_space_left_on_device VALUES (1)")

    monkeypatch.setattr(RequestAttachment, "save", refused)
    client.force_login(customer_service_user)
    response = upload(client, dsr, "kirje.pdf", PDF)
    assert response.status_code == 400
    assert "Tiedostoa ei voitu tallentaa" in response.content.decode()
    assert not RequestAttachment.objects.filter(request=dsr).exists()
    dsr.refresh_from_db()
    assert (dsr.version, dsr.events.count()) == (version, events)
