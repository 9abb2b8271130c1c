"""Attachments of a request (S14, S34)."""

import hashlib
import posixpath

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from privacy.models import (
    RequestAttachment,
    RequestEvent,
)
from privacy.services.workflow import (
    Event,
    _error,
)

# Decided by the file's first bytes, never by its name or the browser's claim.
ATTACHMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def _attachment_name(name, extension):
    """The uploaded name without any path or odd characters, ending in the detected type's extension."""
    base = posixpath.basename(str(name or "").replace("\\", "/"))
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:
        stem = ""
    stem = stem.strip("._-")[:100] or "liite"
    return f"{stem}.{extension}"


@transaction.atomic
def attach_document(*, request, by, kind, upload):
    """Keep a scanned document with the request (S34: a signed letter; S14: a mandate).

    ``upload`` is a Django ``UploadedFile``. A file that is empty, larger than
    ``settings.PRIVACY_ATTACHMENT_MAX_MB`` or not a PDF, JPEG or PNG by its
    content is refused with a ``ValidationError``, and nothing is stored. The
    step goes on the request's timeline.
    """
    if kind not in RequestAttachment.Kind.values:
        raise _error(_("Choose what the document is."), code="kind")
    max_bytes = settings.PRIVACY_ATTACHMENT_MAX_MB * 1024 * 1024
    if upload is None or not upload.size:
        raise _error(_("The file is empty. Scan the document again and choose the new file."), code="empty")
    if upload.size > max_bytes:
        raise _error(
            _("The file is too big (%(size)s MB). The largest file accepted is %(max)s MB."),
            code="too_big",
            size=number_format(upload.size / 1024 / 1024, 1),
            max=settings.PRIVACY_ATTACHMENT_MAX_MB,
        )
    upload.seek(0)
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:  # the size the upload claimed was wrong
        raise _error(
            _("The file is too big (%(size)s MB). The largest file accepted is %(max)s MB."),
            code="too_big",
            size=number_format(len(content) / 1024 / 1024, 1),
            max=settings.PRIVACY_ATTACHMENT_MAX_MB,
        )
    if not content:
        raise _error(_("The file is empty. Scan the document again and choose the new file."), code="empty")
    guessed = filetype.guess(content)
    if guessed is None or guessed.mime not in ATTACHMENT_TYPES:
        raise _error(
            _(
                "This file is not a PDF, JPEG or PNG file, whatever its name says. "
                "Save the scan as PDF, JPEG or PNG and try again."
            ),
            code="file_type",
        )
    attachment = RequestAttachment.objects.create(
        request=request,
        kind=kind,
        original_name=_attachment_name(upload.name, ATTACHMENT_TYPES[guessed.mime]),
        content_type=guessed.mime,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=by,
    )
    RequestEvent.objects.create(
        request=request,
        actor=by,
        action=Event.DOCUMENT_ATTACHED,
        params={"kind": attachment.kind},
        from_state=request.state,
        to_state=request.state,
        note=attachment.original_name,
    )
    return attachment


@transaction.atomic
def remove_attachment(*, attachment, by, reason):
    """Remove a document that should not be kept, e.g. an identity document scanned by mistake.

    Only the responsible person may (``privacy.delete_requestattachment``).
    Data minimisation wins over evidence here; what was removed, by whom and
    why stays on the request's timeline and in the audit trail.
    """
    if not by.has_perm("privacy.delete_requestattachment"):
        raise _error(
            _("Only the person responsible for register matters may remove a document."), code="forbidden"
        )
    if not (reason or "").strip():
        raise _error(_("Give the reason for removing the document."), code="reason")
    request = attachment.request
    name, kind = attachment.original_name, attachment.kind
    attachment.delete()
    RequestEvent.objects.create(
        request=request,
        actor=by,
        action=Event.DOCUMENT_REMOVED,
        params={"kind": kind},
        from_state=request.state,
        to_state=request.state,
        note=f"{name}: {reason.strip()}",
    )
