"""Erasure (S19): every app's part, legal holds and the redaction of the audit trail."""

import operator
import uuid
from collections import defaultdict
from functools import reduce

from auditlog import get_logentry_model
from auditlog.cid import correlation_id
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacy.letters import write_letter
from privacy.models import (
    DataSubjectRequest,
    LegalHold,
    RequestAttachment,
    RequestLetter,
)
from privacy.report import json_safe, load_parts
from privacy.selectors import disclosure_recipients
from registry.models import Customer

REDACTED = "[poistettu]"
# S34 / GDPR Art. 5(2): a handled request is evidence that the clinic met the
# customer's rights; kept for the general limitation period of claims.
REQUEST_EVIDENCE_GROUND = _(
    "GDPR Art. 5(2) and 12: evidence that the request was answered; "
    "Act on the Limitation of Debts (728/2003) 4 §: three years"
)
REQUEST_EVIDENCE_YEARS = 3


def _redact(value):
    if value is None or value == "None":
        return value
    if isinstance(value, dict):
        return {k: v if k in ("type", "operation") else _redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(item) for item in value]
    return REDACTED


def entries_of(objects):
    """The audit entries of ``objects``, pairs of ``(content type id, [pk, ...])``."""
    LogEntry = get_logentry_model()
    conditions = [
        Q(content_type_id=content_type_id, object_pk__in=[str(pk) for pk in pks])
        for content_type_id, pks in objects
        if pks
    ]
    return (
        LogEntry.objects.filter(reduce(operator.or_, conditions)) if conditions else LogEntry.objects.none()
    )


def redact_entries(entries):
    """Blank the personal values of audit entries; the fact, time, actor and fields changed stay (S19, S39)."""
    from privacy.audit.selectors import ROLES_KEY, stored_roles

    count = 0
    for entry in entries:
        entry.changes = _redact(entry.changes) if entry.changes else entry.changes
        entry.changes_text = ""
        entry.object_repr = REDACTED
        if entry.serialized_data:
            data = dict(entry.serialized_data)
            data["fields"] = {name: _redact(value) for name, value in (data.get("fields") or {}).items()}
            entry.serialized_data = data
        # The staff member's roles at the time are about the staff, not the
        # customer: they stay, so the review still shows in what role.
        roles = stored_roles(entry.additional_data)
        entry.additional_data = {ROLES_KEY: roles} if roles is not None else None
        entry.save(
            update_fields=["changes", "changes_text", "object_repr", "serialized_data", "additional_data"]
        )
        count += 1
    return count


@transaction.atomic
def erase_customer_data(*, customer, run, reason):
    """Run every app's erasure part on the customer, then redact the trail (S19, S39).

    Each part in ``settings.ERASURE_PARTS`` deletes what it may and says what
    the law obliges us to keep. The personal values in the audit entries
    that concern the customer are then blanked; the fact of each change
    stays. Those entries are every one linked to the customer in
    ``privacy.audit.models.CustomerLogEntry`` (rows of any app, including
    rows deleted long before this run: G4), the customer row's own entries,
    and the entries of every row deleted here (found by this run's
    correlation id, ``run`` plus a random suffix). Rows kept under a legal
    hold keep their current values; only the trail of earlier values goes. Used by erasure requests and by the retention
    services alike; ``reason`` ("request", or the kind of a retention
    ending) is passed to each part. Returns ``{"deleted": [str], "kept": [{item, legal_ground, keep_until}]}``.
    """
    from privacy.audit.models import CustomerLogEntry

    LogEntry = get_logentry_model()
    cid = f"{run}-{uuid.uuid4().hex[:12]}"
    customer_id = customer.pk
    # The person's own requests are kept under a hold (D8) with their current
    # values; the earlier values in their trail go, the entry that recorded
    # the request's arrival (before it was linked to the customer) included.
    requests = list(DataSubjectRequest.objects.filter(customer=customer).values_list("pk", flat=True))
    attachments = list(RequestAttachment.objects.filter(request__in=requests).values_list("pk", flat=True))
    result = {"deleted": [], "kept": []}
    token = correlation_id.set(cid)
    try:
        for part in load_parts(settings.ERASURE_PARTS):
            outcome = part(customer=customer, reason=reason)
            result["deleted"] += [str(item) for item in outcome["deleted"]]
            result["kept"] += [
                {
                    "item": str(k["item"]),
                    "legal_ground": str(k["legal_ground"]),
                    "keep_until": k["keep_until"],
                }
                for k in outcome["kept"]
            ]
    finally:
        correlation_id.reset(token)
    deleted_objects = defaultdict(set)
    for content_type_id, object_pk in LogEntry.objects.filter(
        cid=cid, action=LogEntry.Action.DELETE
    ).values_list("content_type_id", "object_pk"):
        deleted_objects[content_type_id].add(object_pk)
    # G4, S19: every entry linked to the customer, so the values of rows
    # deleted before this run (an old representative, old identifiers, an
    # old bank account) go as well as those deleted now.
    to_redact = LogEntry.objects.filter(
        pk__in=CustomerLogEntry.objects.filter(customer_id=customer_id).values("log_entry_id")
    ) | LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Customer), object_pk=str(customer_id)
    )
    to_redact = to_redact | entries_of(deleted_objects.items())
    content_types = ContentType.objects.get_for_models(DataSubjectRequest, RequestAttachment)
    to_redact = to_redact | entries_of(
        [
            (content_types[DataSubjectRequest].pk, requests),
            (content_types[RequestAttachment].pk, attachments),
        ]
    )
    redact_entries(to_redact.exclude(object_repr=REDACTED).distinct())
    deleted_objects[ContentType.objects.get_for_model(Customer).pk].add(str(customer_id))
    forget_in_admin_log(deleted_objects.items())
    return result


def forget_in_admin_log(objects):
    """Delete Django's admin-log rows about ``objects``, pairs of ``(content type id, [pk, ...])`` (S19).

    The admin no longer writes that log (``kanalinhelmi/admin_log.py``); this
    covers a row some other path wrote. Returns how many rows went.
    """
    from django.contrib.admin.models import LogEntry as AdminLogEntry

    conditions = [
        Q(content_type_id=content_type_id, object_id__in=[str(pk) for pk in pks])
        for content_type_id, pks in objects
        if pks
    ]
    if not conditions:
        return 0
    return AdminLogEntry.objects.filter(reduce(operator.or_, conditions)).delete()[0]


@transaction.atomic
def erase_customer(*, request, approved_by):
    """Erase the customer of an approved erasure request (S19): atomic and idempotent.

    Each app's part (``settings.ERASURE_PARTS``) deletes what it may and says
    what the law obliges us to keep; kept items become ``LegalHold`` rows
    with their legal ground and end date. Then the personal values in the
    audit entries of the customer and of every row deleted here are
    redacted. The recipients of the customer's earlier disclosures are read
    before anything is deleted and kept in ``outcome["recipients_to_notify"]``
    (GDPR Art. 19, S17). The answer letter lists what was deleted, what was
    kept and whom we tell of the erasure. Running it again for the same
    request changes nothing.
    """
    if "erasure" in request.outcome:
        return request.outcome["erasure"]
    customer = request.customer
    result = {"deleted": [], "kept": []}
    # G5, GDPR Art. 19: the erasure deletes the disclosure records, so whom
    # to tell is read first and kept with the request.
    recipients = disclosure_recipients(customer)
    if customer is not None:
        with translation.override(request.language):
            result = erase_customer_data(customer=customer, run=f"erasure-{request.pk}", reason="request")
        if not Customer.objects.filter(pk=customer.pk).exists():
            request.customer = None
    for kept in result["kept"]:
        LegalHold.objects.create(
            request=request,
            item=kept["item"],
            legal_ground=kept["legal_ground"],
            keep_until=kept["keep_until"],
        )
    request.outcome = {**request.outcome, "erasure": json_safe(result), "recipients_to_notify": recipients}
    letter = write_letter(
        request=request,
        kind=RequestLetter.Kind.ANSWER,
        template="privacy/letters/erasure.html",
        context={"deleted": result["deleted"], "kept": result["kept"], "recipients": recipients},
        by=approved_by,
    )
    from privacy.services.electronic import notify_letter_ready

    notify_letter_ready(letter)
    return request.outcome["erasure"]


def erase_customer_requests_part(*, customer, reason=None):
    """The privacy app's part of an erasure (S19): the person's requests.

    Answer letters and machine-readable copies of closed requests are
    deleted (an access report repeats everything that is now erased). The
    requests themselves, with their timelines, are kept as evidence that
    each was answered lawfully, for the limitation period of claims.

    Attachments share their request's fate: no request is deleted here, so
    the signed request letters (S34) and mandate documents (S14) are kept
    with their requests as the evidence that the request was genuine, and
    each is listed as kept, with the same legal ground and end date. They go
    when the request itself is deleted (the database cascades).
    """
    deleted, kept = [], []
    requests = (
        DataSubjectRequest.objects.filter(customer=customer)
        .prefetch_related(Prefetch("attachments", queryset=RequestAttachment.objects.defer("content")))
        .order_by("received_at", "pk")
    )
    for dsr in requests:
        if dsr.is_closed:
            letters = list(dsr.letters.filter(kind=RequestLetter.Kind.ANSWER))
            for letter in letters:
                letter.delete()
            if letters:
                deleted.append(
                    gettext("answer letter of the request %(id)s (%(kind)s)")
                    % {"id": dsr.pk, "kind": dsr.get_kind_display()}
                )
        end = timezone.localdate(dsr.closed_at) if dsr.closed_at else timezone.localdate()
        keep_until = (
            end.replace(year=end.year + REQUEST_EVIDENCE_YEARS)
            if not (end.month == 2 and end.day == 29)
            else end.replace(year=end.year + REQUEST_EVIDENCE_YEARS, day=28)
        )
        kept.append(
            {
                "item": gettext("request %(id)s (%(kind)s) received %(date)s and its handling")
                % {"id": dsr.pk, "kind": dsr.get_kind_display(), "date": dsr.received_on.isoformat()},
                "legal_ground": str(REQUEST_EVIDENCE_GROUND),
                "keep_until": keep_until,
            }
        )
        for attachment in dsr.attachments.all():
            kept.append(
                {
                    "item": gettext("%(kind)s attached to the request %(id)s on %(date)s")
                    % {
                        "kind": attachment.get_kind_display(),
                        "id": dsr.pk,
                        "date": timezone.localdate(attachment.uploaded_at).isoformat(),
                    },
                    "legal_ground": str(REQUEST_EVIDENCE_GROUND),
                    "keep_until": keep_until,
                }
            )
    return {"deleted": deleted, "kept": kept}
