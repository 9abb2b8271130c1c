"""The request workflow (S33–S38, S40): every transition is a service.

States::

    submitted → email_confirmed → identity_verified → in_progress
        → (awaiting_approval: erasure, rejection) → completed | rejected
    submitted → expired (never confirmed)

Each service locks the request row (``select_for_update``) and compares the
version the caller was shown with the stored one, so two staff acting on the
same request at once cannot both succeed: the second gets a clear error. An
illegal transition is a ``ValidationError`` that says what is possible.
Every transition leaves a ``RequestEvent`` on the request's timeline.
"""

import hashlib
import operator
import posixpath
import uuid
from collections import defaultdict
from datetime import timedelta
from functools import reduce

import filetype
from auditlog import get_logentry_model
from auditlog.cid import correlation_id
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, SuspiciousFileOperation, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.http import int_to_base36
from django.utils.text import get_valid_filename
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from privacy.letters import readable_value, require_postal_address, without_own_request, write_letter
from privacy.models import (
    DataSubjectRequest,
    LegalHold,
    RequestAttachment,
    RequestEvent,
    RequestLetter,
    add_months,
)
from privacy.report import build_access_report, json_safe, load_parts
from privacy.selectors import disclosure_recipients
from privacy.tokens import confirmation_token_generator
from registry.models import ControllerDetails, Customer
from registry.services import set_restriction

State = DataSubjectRequest.State
Kind = DataSubjectRequest.Kind

REDACTED = "[poistettu]"
# Bookkeeping fields that say nothing about the person.
BOOKKEEPING_FIELDS = {"created_at", "updated_at", "version"}
# S34 / GDPR Art. 5(2): a handled request is evidence that the clinic met the
# customer's rights; kept for the general limitation period of claims.
REQUEST_EVIDENCE_GROUND = _(
    "GDPR Art. 5(2) and 12: evidence that the request was answered; "
    "Act on the Limitation of Debts (728/2003) 4 §: three years"
)
REQUEST_EVIDENCE_YEARS = 3


def _error(message, code="invalid", **params):
    return ValidationError(message, code=code, params=params or None)


def _locked(request, *, allowed, action):
    """The request's row, locked for this transaction, if ``action`` is allowed now."""
    current = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if current.version != request.version:
        raise _error(
            _(
                "Someone else changed this request while you were looking at it. "
                "Open it again to see its current state."
            ),
            code="stale",
        )
    if current.state not in allowed:
        raise _error(
            _("A request that is “%(state)s” cannot be %(action)s. Possible now: %(possible)s."),
            code="illegal_transition",
            state=current.get_state_display(),
            action=action,
            possible=", ".join(str(label) for label in possible_actions(current).values()) or "–",
        )
    return current


def _transition(current, *, to_state, actor, action, note="", fields=()):
    """Move ``current`` (locked) to ``to_state``, save and put the step on the timeline."""
    from_state = current.state
    current.state = to_state
    current.version += 1
    if to_state in DataSubjectRequest.CLOSED_STATES:
        current.closed_at = timezone.now()
    current.save()
    RequestEvent.objects.create(
        request=current, actor=actor, action=str(action), from_state=from_state, to_state=to_state, note=note
    )
    return current


ACTION_LABELS = {
    "verify_identity": _("verify identity"),
    "start_processing": _("start processing"),
    "propose_erasure": _("send the erasure for approval"),
    "complete_request": _("complete and write the answer"),
    "propose_rejection": _("propose rejection"),
    "approve_request": _("approve"),
    "return_request": _("return without approval"),
    "extend_deadline": _("extend the deadline"),
}


def possible_actions_label(action):
    return ACTION_LABELS.get(action, action)


def possible_actions(dsr):
    """{service name: label} of what may be done to the request in its state (shown in the admin)."""
    names = []
    if dsr.state == State.EMAIL_CONFIRMED:
        names.append("verify_identity")
    if dsr.state == State.IDENTITY_VERIFIED:
        names.append("start_processing")
    if dsr.state == State.IN_PROGRESS:
        names.append("propose_erasure" if dsr.kind == Kind.ERASURE else "complete_request")
    if dsr.state in (State.EMAIL_CONFIRMED, State.IDENTITY_VERIFIED, State.IN_PROGRESS):
        names.append("propose_rejection")
    if dsr.state == State.AWAITING_APPROVAL:
        names += ["approve_request", "return_request"]
    if not dsr.is_closed and dsr.state != State.SUBMITTED and dsr.extension_months < dsr.MAX_EXTENSION_MONTHS:
        names.append("extend_deadline")
    return {name: ACTION_LABELS[name] for name in names}


# --- Submission and confirmation -------------------------------------------------------------


def confirmation_path(dsr):
    with translation.override(dsr.language):
        return reverse(
            "privacy:confirm",
            kwargs={"rid": int_to_base36(dsr.pk), "token": confirmation_token_generator.make_token(dsr)},
        )


def send_confirmation(*, request, site_url):
    """E-mail the requester a signed, expiring link that confirms the request."""
    context = {
        "dsr": request,
        "confirm_url": site_url.rstrip("/") + confirmation_path(request),
        "letter_url": site_url.rstrip("/") + request_letter_path(request),
        "hours": settings.PRIVACY_CONFIRMATION_TIMEOUT // 3600,
    }
    with translation.override(request.language):
        subject = render_to_string("privacy/email/confirm_subject.txt", context).strip()
        body = render_to_string("privacy/email/confirm_body.txt", context)
    EmailMessage(subject, body, to=[request.email]).send()


def request_letter_path(dsr):
    from django.core import signing

    with translation.override(dsr.language):
        return reverse(
            "privacy:request_letter",
            kwargs={"signed": signing.dumps(dsr.pk, salt="privacy.request-letter", compress=True)},
        )


@transaction.atomic
def submit_request(*, request, site_url):
    """Save a validated web request and e-mail its confirmation link (S33, S36–S38).

    ``request`` is an unsaved ``DataSubjectRequest`` (from the public form).
    Until the link is followed the request is not worked on.
    """
    request.state = State.SUBMITTED
    request.channel = DataSubjectRequest.Channel.WEB
    request.full_clean()
    request.save()
    RequestEvent.objects.create(
        request=request, action=gettext("submitted on the website"), to_state=State.SUBMITTED
    )
    send_confirmation(request=request, site_url=site_url)
    return request


@transaction.atomic
def record_paper_request(*, request, by):
    """Record a signed request that arrived on paper (S34); it needs no e-mail confirmation."""
    request.state = State.EMAIL_CONFIRMED
    request.channel = DataSubjectRequest.Channel.PAPER
    request.confirmed_at = timezone.now()
    request.full_clean()
    request.save()
    RequestEvent.objects.create(
        request=request,
        actor=by,
        action=gettext("recorded a request received by letter"),
        to_state=request.state,
    )
    return request


@transaction.atomic
def confirm_email(*, request, token):
    """Follow the e-mailed link: the request becomes one the clinic works on.

    A used, expired or forged link is refused with a ``ValidationError``.
    """
    if not confirmation_token_generator.check_token(request, token):
        raise _error(
            _("This confirmation link is not valid. It may have been used already or it may have expired."),
            code="bad_token",
        )
    current = _locked(
        request, allowed=[State.SUBMITTED], action=pgettext_lazy("request cannot be", "confirmed")
    )
    current.confirmed_at = timezone.now()
    return _transition(
        current, to_state=State.EMAIL_CONFIRMED, actor=None, action=gettext("e-mail address confirmed")
    )


@transaction.atomic
def expire_unconfirmed_requests(*, now=None):
    """Requests whose link was never followed expire; returns how many (scheduled daily)."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.PRIVACY_CONFIRMATION_TIMEOUT)
    expired = 0
    for dsr in DataSubjectRequest.objects.filter(state=State.SUBMITTED, received_at__lt=limit):
        current = _locked(
            dsr, allowed=[State.SUBMITTED], action=pgettext_lazy("request cannot be", "expired")
        )
        _transition(
            current,
            to_state=State.EXPIRED,
            actor=None,
            action=gettext("expired: the e-mail was not confirmed"),
        )
        expired += 1
    return expired


# --- Staff transitions --------------------------------------------------------------------------


@transaction.atomic
def verify_identity(*, request, by, method, customer=None, former_customer_number=None, note=""):
    """Record how the requester's identity was verified and who did it (S34).

    ``customer`` links the request to the register; it may be empty only for
    an inspection of someone the register holds no customer row on. A
    signed letter or a representative's mandate is accepted as the method
    only when its scan is attached to the request (G10, S34, S14).

    G2: a person whose customer row an erasure deleted is still someone the
    clinic holds data on, namely the evidence of their earlier requests (kept
    three years, with documents and kept items). Each request keeps its
    customer's number (``DataSubjectRequest.customer_number``) when the row
    goes, so staff who have verified the person link the new request to that
    number (``former_customer_number``, chosen from
    ``privacy.selectors.former_customers``) instead of to a customer; the
    access report then lists that evidence instead of "nothing held". The
    link is a staff decision after the identity check, not an automatic
    match on e-mail, because e-mail addresses change and are shared.
    """
    current = _locked(
        request, allowed=[State.EMAIL_CONFIRMED], action=pgettext_lazy("request cannot be", "verified")
    )
    if method not in DataSubjectRequest.VerificationMethod.values:
        raise _error(_("Choose how the identity was verified."), code="method")
    if current.on_behalf and method != DataSubjectRequest.VerificationMethod.MANDATE:
        raise _error(
            _("The request is made on someone's behalf: check the representative's mandate."), code="mandate"
        )
    _check_evidence(current, method)
    if customer is not None and not note.strip() and not _same_person(current, customer):
        raise _error(
            _(
                "The name and contact details of the request do not match the customer's. Check that "
                "this is the right customer, and write in the note how you confirmed it."
            ),
            code="different_person",
        )
    if customer is None and current.kind != Kind.INSPECTION:
        raise _error(_("Link the request to the customer it concerns."), code="customer")
    if former_customer_number is not None:
        _check_former_customer(former_customer_number, customer=customer)
    current.verification_method = method
    current.verified_by = by
    current.verified_at = timezone.now()
    current.customer = customer
    current.customer_number = customer.pk if customer is not None else former_customer_number
    if current.assigned_to_id is None:
        current.assigned_to = by
    return _transition(
        current,
        to_state=State.IDENTITY_VERIFIED,
        actor=by,
        action=gettext("identity verified: %(method)s")
        % {"method": current.get_verification_method_display()},
        note=note,
    )


def _same_person(current, customer):
    """Whether the request plainly concerns ``customer`` (S34): their name, or the requester's own contact details.

    The person concerned is the subject of a request made on someone's
    behalf, otherwise the requester. The surname and the first of the first
    names must match (ignoring case and spacing); or, for a request made by
    the person themself, the e-mail address or phone number must. Anything
    else needs a note, so a report never goes to the wrong person unnoticed.
    """

    def words(text):
        return " ".join(text.split()).casefold()

    first, last = (
        (current.subject_first_name, current.subject_last_name)
        if current.on_behalf
        else (current.first_name, current.last_name)
    )
    first_names = words(first).replace("-", " ").split()
    customer_first_names = words(customer.first_name).replace("-", " ").split()
    if (
        words(last) == words(customer.last_name)
        and first_names
        and customer_first_names
        and first_names[0] == customer_first_names[0]
    ):
        return True
    if current.on_behalf:
        return False
    same_email = bool(current.email) and words(current.email) == words(customer.email)
    same_phone = bool(current.phone) and current.phone == customer.phone
    return same_email or same_phone


# G10, S34, S14: a method that rests on a document is recorded only with the
# document's scan attached to the request, so the evidence can be shown later.
EVIDENCE_OF_METHOD = {
    DataSubjectRequest.VerificationMethod.SIGNED_LETTER: (
        RequestAttachment.Kind.SIGNED_LETTER,
        _(
            "Attach the scan of the signed request letter to the request before recording that the "
            "identity was verified by it."
        ),
    ),
    DataSubjectRequest.VerificationMethod.MANDATE: (
        RequestAttachment.Kind.MANDATE,
        _(
            "Attach the scan of the mandate document (for example the power of attorney, the decision "
            "on guardianship or an extract from the population register) to the request before "
            "recording that the mandate was checked."
        ),
    ),
}


def _check_evidence(current, method):
    if method not in EVIDENCE_OF_METHOD:
        return
    kind, message = EVIDENCE_OF_METHOD[method]
    if not current.attachments.filter(kind=kind).exists():
        raise _error(message, code="evidence")


def _check_former_customer(number, *, customer):
    if customer is not None:
        raise _error(
            _("Link the request either to a customer or to a former customer number, not both."),
            code="former_customer",
        )
    if Customer.objects.filter(pk=number).exists():
        raise _error(
            _(
                "Customer number %(number)s is still in the register: link the request to the customer instead."
            ),
            code="former_customer",
            number=number,
        )
    if not DataSubjectRequest.objects.filter(customer_number=number, customer__isnull=True).exists():
        raise _error(
            _("No earlier request of a former customer number %(number)s is kept."),
            code="former_customer",
            number=number,
        )


@transaction.atomic
def start_processing(*, request, by, note=""):
    current = _locked(
        request, allowed=[State.IDENTITY_VERIFIED], action=pgettext_lazy("request cannot be", "started")
    )
    current.started_at = timezone.now()
    if current.assigned_to_id is None:
        current.assigned_to = by
    return _transition(
        current, to_state=State.IN_PROGRESS, actor=by, action=gettext("work started"), note=note
    )


@transaction.atomic
def complete_request(*, request, by, note="", restriction_ground="", not_done="", compelling_grounds=""):
    """Carry out the request and write the answer: inspection, correction or a prohibition.

    A restriction needs its ground (GDPR Art. 18(1)), which the letter names
    with the restriction's duration; a correction may say which part of the
    request was not carried out and why (``not_done``, told to the
    requester). A prohibition of processing is an objection (GDPR Art. 21):
    ``compelling_grounds`` names the processing that continues and why, or
    is empty when all of it stops. The answer is posted, so the request
    needs a postal address.
    """
    current = _locked(
        request, allowed=[State.IN_PROGRESS], action=pgettext_lazy("request cannot be", "completed")
    )
    if current.kind == Kind.ERASURE:
        raise _error(
            _("An erasure is completed by the responsible person's approval."), code="needs_approval"
        )
    customer = current.customer
    if customer is None and current.kind != Kind.INSPECTION:
        raise _error(_("Link the request to the customer it concerns."), code="customer")
    if current.kind == Kind.RESTRICTION:
        if restriction_ground not in DataSubjectRequest.RestrictionGround.values:
            raise _error(
                _(
                    "Choose the ground of the restriction: the letter tells the requester it and how "
                    "long the restriction lasts."
                ),
                code="restriction_ground",
            )
        current.restriction_ground = restriction_ground
    if current.kind == Kind.PROHIBIT_PROCESSING and compelling_grounds.strip():
        current.outcome = {**current.outcome, "compelling_grounds": compelling_grounds.strip()}
    require_postal_address(current)
    if current.kind == Kind.INSPECTION:
        _answer_inspection(current, by)
    elif current.kind == Kind.CORRECTION:
        _answer_correction(current, by, not_done=not_done.strip())
    else:
        context = {}
        if current.kind in NOTIFIED_PROHIBITION_KINDS:
            # GDPR Art. 19: recipients of earlier disclosures are told of a restriction.
            context = {"notify_recipients": True, "recipients": disclosure_recipients(customer)}
            current.outcome = {**current.outcome, "recipients_to_notify": context["recipients"]}
        set_restriction(customer=customer, restriction=DataSubjectRequest.PROHIBITION_KINDS[current.kind])
        write_letter(
            request=current,
            kind=RequestLetter.Kind.ANSWER,
            template="privacy/letters/prohibition.html",
            context=context,
            by=by,
        )
    return _transition(current, to_state=State.COMPLETED, actor=by, action=gettext("answered"), note=note)


# GDPR Art. 19 names restriction (Art. 18); a prohibition of processing
# (S38) restricts it in the same way. A prohibition of disclosure or of
# direct marketing changes nothing a recipient holds.
NOTIFIED_PROHIBITION_KINDS = (Kind.RESTRICTION, Kind.PROHIBIT_PROCESSING)


def _answer_inspection(current, by):
    with translation.override(current.language):
        report = without_own_request(
            build_access_report(
                current.customer, customer_number=current.customer_number, subject=current.subject_name
            ),
            current,
        )
    write_letter(
        request=current,
        kind=RequestLetter.Kind.ANSWER,
        template="privacy/letters/inspection.html",
        context={"report": report},
        by=by,
        data_export=report,
    )


def changed_fields(customer, *, since, until=None):
    """What staff changed, added or removed in the customer's register data between ``since`` and ``until`` (S36).

    Read from the audit trail through each entry's link to its customer, so
    only changes actually saved count, and a wrong row removed or a missing
    one added is listed as well as an edited field (an added row shows its
    values as new, a removed one as old). Only the register's own data
    (the ``registry`` app) is a correction; consents are not.
    """
    from privacy.audit.models import CustomerLogEntry

    LogEntry = get_logentry_model()
    until = until or timezone.now()
    entries = LogEntry.objects.filter(
        pk__in=CustomerLogEntry.objects.filter(customer_id=customer.pk).values("log_entry_id"),
        content_type__app_label="registry",
        action__in=[LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE],
        timestamp__gte=since,
        timestamp__lte=until,
    ).select_related("content_type")
    changes = []
    for entry in entries.order_by("timestamp", "pk"):
        model = entry.content_type.model_class()
        if model is None:
            continue
        row_change = []
        for name, values in (entry.changes_dict or {}).items():
            if name in BOOKKEEPING_FIELDS or name == "id":
                continue
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                label = name
            else:
                if not field.concrete or (field.is_relation and field.related_model is Customer):
                    # Reverse relations that auditlog notes on a new row, and
                    # the row's link to this very customer, say nothing.
                    continue
                label = str(field.verbose_name)
            old, new = ([*values, None, None])[:2] if isinstance(values, list) else (None, None)
            # Issue 18 item 7: choice labels and local times, never stored values.
            row_change.append((label, readable_value(model, name, old), readable_value(model, name, new)))
        at = timezone.localtime(entry.timestamp).isoformat(timespec="minutes")
        data = str(model._meta.verbose_name)
        if entry.action in (LogEntry.Action.CREATE, LogEntry.Action.DELETE):
            # A row added or removed is one line, not one line per field.
            removed = entry.action == LogEntry.Action.DELETE
            summary = "; ".join(
                f"{label}: {old if removed else new}"
                for label, old, new in row_change
                if (old if removed else new) != "–"
            )
            changes.append(
                {
                    "data": data,
                    "field": "",
                    "old": summary if removed else "–",
                    "new": "–" if removed else summary,
                    "at": at,
                    "removed": removed,
                    "added": not removed,
                }
            )
            continue
        for label, old, new in row_change:
            changes.append({"data": data, "field": label, "old": old, "new": new, "at": at})
    return changes


def _answer_correction(current, by, *, not_done=""):
    with translation.override(current.language):
        changes = changed_fields(current.customer, since=current.started_at)
        if not changes:
            raise _error(
                _(
                    "No change has been saved on the customer since work started. Correct the data in "
                    "the customer's record first, or propose a rejection."
                ),
                code="no_changes",
            )
        # GDPR Art. 19: recipients of earlier disclosures are told of the correction.
        recipients = disclosure_recipients(current.customer)
    current.outcome = {"changed_fields": changes, "recipients_to_notify": recipients, "not_done": not_done}
    write_letter(
        request=current,
        kind=RequestLetter.Kind.ANSWER,
        template="privacy/letters/correction.html",
        context={"changes": changes, "recipients": recipients},
        by=by,
    )


@transaction.atomic
def propose_erasure(*, request, by, note=""):
    """Send an erasure to the responsible person for approval (S19)."""
    current = _locked(
        request, allowed=[State.IN_PROGRESS], action=pgettext_lazy("request cannot be", "sent for approval")
    )
    if current.kind != Kind.ERASURE:
        raise _error(_("Only an erasure request is sent for approval this way."), code="not_erasure")
    current.pending_decision = DataSubjectRequest.PendingDecision.ERASE
    return _transition(
        current,
        to_state=State.AWAITING_APPROVAL,
        actor=by,
        action=gettext("erasure sent for approval"),
        note=note,
    )


@transaction.atomic
def propose_rejection(*, request, by, reason, explanation):
    """Propose to reject the request; the responsible person must approve it."""
    current = _locked(
        request,
        allowed=[State.EMAIL_CONFIRMED, State.IDENTITY_VERIFIED, State.IN_PROGRESS],
        action=pgettext_lazy("request cannot be", "rejected"),
    )
    if reason not in DataSubjectRequest.RejectionReason.values:
        raise _error(_("Choose the reason for the rejection."), code="reason")
    if not explanation.strip():
        raise _error(_("Explain the rejection: the requester will read it."), code="explanation")
    current.pending_decision = DataSubjectRequest.PendingDecision.REJECT
    current.rejection_reason = reason
    current.rejection_explanation = explanation.strip()
    return _transition(
        current,
        to_state=State.AWAITING_APPROVAL,
        actor=by,
        action=gettext("rejection proposed: %(reason)s") % {"reason": current.get_rejection_reason_display()},
        note=explanation.strip(),
    )


def _require_approver(user):
    if not user.has_perm("privacy.approve_datasubjectrequest"):
        raise _error(
            _("Only the responsible person (Rekisterivastaava) may approve erasures and rejections."),
            code="not_approver",
        )


@transaction.atomic
def approve_request(*, request, by, note=""):
    """The responsible person approves the pending erasure or rejection, which is then carried out."""
    _require_approver(by)
    current = _locked(
        request, allowed=[State.AWAITING_APPROVAL], action=pgettext_lazy("request cannot be", "approved")
    )
    require_postal_address(current)
    current.approved_by = by
    current.approved_at = timezone.now()
    if current.pending_decision == DataSubjectRequest.PendingDecision.ERASE:
        erase_customer(request=current, approved_by=by)
        return _transition(
            current,
            to_state=State.COMPLETED,
            actor=by,
            action=gettext("erasure approved and carried out"),
            note=note,
        )
    write_letter(
        request=current, kind=RequestLetter.Kind.REJECTION, template="privacy/letters/rejection.html", by=by
    )
    return _transition(
        current, to_state=State.REJECTED, actor=by, action=gettext("rejection approved"), note=note
    )


@transaction.atomic
def return_request(*, request, by, note):
    """The responsible person sends the proposal back; the request returns to where it was."""
    _require_approver(by)
    current = _locked(
        request, allowed=[State.AWAITING_APPROVAL], action=pgettext_lazy("request cannot be", "returned")
    )
    if not note.strip():
        raise _error(_("Say why the proposal is returned."), code="note")
    previous = current.events.filter(to_state=State.AWAITING_APPROVAL).order_by("-at", "-pk").first()
    current.pending_decision = ""
    current.rejection_reason = ""
    current.rejection_explanation = ""
    return _transition(
        current,
        to_state=previous.from_state if previous else State.IN_PROGRESS,
        actor=by,
        action=gettext("returned without approval"),
        note=note,
    )


@transaction.atomic
def extend_deadline(*, request, by, months, ground, note=""):
    """Extend the deadline by at most two further months in all (GDPR Art. 12(3), S40).

    Only before the original due date, and only for a reason the law
    accepts, ``ground``: the request is complex, or there are many requests.
    The notice is a posted letter; an e-mail only says that it is on its way
    (D6). ``note`` is for staff and goes on the timeline.
    """
    allowed = [State.EMAIL_CONFIRMED, State.IDENTITY_VERIFIED, State.IN_PROGRESS, State.AWAITING_APPROVAL]
    current = _locked(request, allowed=allowed, action=pgettext_lazy("request cannot be", "extended"))
    if ground not in DataSubjectRequest.ExtensionGround.values:
        raise _error(_("Choose the reason for the extension: the requester will be told it."), code="reason")
    require_postal_address(current)
    try:
        months = int(months)
    except (TypeError, ValueError):
        months = 0
    if months < 1 or current.extension_months + months > DataSubjectRequest.MAX_EXTENSION_MONTHS:
        raise _error(
            _("The deadline can be extended by at most two months in all; %(left)s left."),
            code="too_long",
            left=DataSubjectRequest.MAX_EXTENSION_MONTHS - current.extension_months,
        )
    if timezone.localdate() > current.original_due_on:
        raise _error(
            _("The original due date %(due)s has passed: an extension must be told before it."),
            code="too_late",
            due=current.original_due_on.isoformat(),
        )
    current.extension_months += months
    current.extension_ground = ground
    current.extension_reason = note.strip()
    current.due_on = add_months(current.received_on, 1 + current.extension_months)
    current.extension_notified_at = timezone.now()
    write_letter(
        request=current,
        kind=RequestLetter.Kind.EXTENSION_NOTICE,
        template="privacy/letters/extension.html",
        by=by,
    )
    if current.email:
        # D6: no personal data in an e-mail, and never the letter itself.
        with translation.override(current.language):
            subject = gettext("Your data protection request: we need more time to answer")
            body = render_to_string(
                "privacy/email/extension_body.txt",
                {"dsr": current, "controller": ControllerDetails.current()},
            )
        EmailMessage(subject, body, to=[current.email]).send()
    return _transition(
        current,
        to_state=current.state,
        actor=by,
        action=gettext("deadline extended to %(due)s") % {"due": current.due_on.isoformat()},
        note=" – ".join(part for part in (str(current.get_extension_ground_display()), note.strip()) if part),
    )


# --- Sending the letters (G11, S35, S40) -------------------------------------------------------


@transaction.atomic
def mark_letter_sent(*, letter, by, how, sent_on, note=""):
    """Record the day and the way a letter left the clinic, and who sent it (G11, S35, S40).

    The answer, rejection and extension notice hold personal data, so they
    go by post, by hand or by secure e-mail; writing a letter is not sending
    it. The day may not be in the future nor before the letter was written,
    and a letter is marked only once: a later correction would erase the
    evidence. Only staff who may work on requests mark them. The step goes
    on the request's timeline. Returns the letter.
    """
    if not by.has_perm("privacy.change_datasubjectrequest"):
        raise _error(
            _("Only staff who handle data-subject requests may mark letters as sent."), code="forbidden"
        )
    current = RequestLetter.objects.select_for_update().select_related("request").get(pk=letter.pk)
    if current.kind not in RequestLetter.SENT_KINDS:
        raise _error(
            _("A “%(kind)s” is not sent to the requester."),
            code="not_sent_kind",
            kind=current.get_kind_display(),
        )
    if current.is_sent:
        raise _error(
            _("This letter was already marked as sent on %(day)s (%(how)s)."),
            code="already_sent",
            day=current.sent_on.isoformat(),
            how=current.get_sent_how_display(),
        )
    if how not in RequestLetter.Delivery.values:
        raise _error(_("Choose how the letter was sent."), code="how")
    if sent_on is None:
        raise _error(_("Give the day the letter was sent."), code="sent_on")
    written_on = timezone.localdate(current.created_at)
    if sent_on > timezone.localdate():
        raise _error(
            _("The day the letter was sent cannot be in the future. Mark it when it has been sent."),
            code="future",
        )
    if sent_on < written_on:
        raise _error(
            _("The letter was written on %(written)s: it cannot have been sent before that."),
            code="before_written",
            written=written_on.isoformat(),
        )
    current.sent_on = sent_on
    current.sent_how = how
    current.sent_by = by
    current.save(update_fields=["sent_on", "sent_how", "sent_by"])
    dsr = current.request
    RequestEvent.objects.create(
        request=dsr,
        actor=by,
        action=gettext("letter sent: %(letter)s, %(how)s, %(day)s")
        % {
            "letter": current.get_kind_display(),
            "how": current.get_sent_how_display(),
            "day": sent_on.isoformat(),
        },
        from_state=dsr.state,
        to_state=dsr.state,
        note=note.strip(),
    )
    return current


# --- Attachments (S14, S34) -----------------------------------------------------------------

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
        action=gettext("document attached: %(kind)s") % {"kind": attachment.get_kind_display()},
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
    name, kind = attachment.original_name, attachment.get_kind_display()
    attachment.delete()
    RequestEvent.objects.create(
        request=request,
        actor=by,
        action=gettext("document removed: %(kind)s") % {"kind": kind},
        from_state=request.state,
        to_state=request.state,
        note=f"{name}: {reason.strip()}",
    )


# --- Erasure (S19) ------------------------------------------------------------------------------


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
    redact_entries(to_redact.exclude(object_repr=REDACTED).distinct())
    return result


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
    write_letter(
        request=request,
        kind=RequestLetter.Kind.ANSWER,
        template="privacy/letters/erasure.html",
        context={"deleted": result["deleted"], "kept": result["kept"], "recipients": recipients},
        by=approved_by,
    )
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
