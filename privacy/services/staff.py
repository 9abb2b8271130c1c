"""Staff transitions of a request: identity, processing, answers, approval and extensions (S33–S38, S40)."""

from auditlog import get_logentry_model
from django.core.exceptions import FieldDoesNotExist
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from privacy.jobs import enqueue_letter
from privacy.letters import prepare_letter, readable_value, require_postal_address
from privacy.models import (
    DataSubjectRequest,
    RequestAttachment,
    RequestLetter,
    add_months,
)
from privacy.selectors import disclosure_recipients
from privacy.services.erasure import erase_customer
from privacy.services.workflow import (
    Event,
    Kind,
    State,
    _error,
    _locked,
    _transition,
)
from registry.models import ControllerDetails, Customer
from registry.services import set_restriction

# Bookkeeping fields that say nothing about the person.
BOOKKEEPING_FIELDS = {"created_at", "updated_at", "version"}


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
        action=Event.IDENTITY_VERIFIED,
        params={"method": method},
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
    return _transition(current, to_state=State.IN_PROGRESS, actor=by, action=Event.WORK_STARTED, note=note)


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
        letter = _answer_inspection(current, by)
    elif current.kind == Kind.CORRECTION:
        letter = _answer_correction(current, by, not_done=not_done.strip())
    else:
        context = {}
        if current.kind in NOTIFIED_PROHIBITION_KINDS:
            # GDPR Art. 19: recipients of earlier disclosures are told of a restriction.
            context = {"notify_recipients": True, "recipients": disclosure_recipients(customer)}
            current.outcome = {**current.outcome, "recipients_to_notify": context["recipients"]}
        set_restriction(customer=customer, restriction=DataSubjectRequest.PROHIBITION_KINDS[current.kind])
        letter = prepare_letter(
            request=current,
            kind=RequestLetter.Kind.ANSWER,
            template="privacy/letters/prohibition.html",
            context=context,
            by=by,
        )
    completed = _transition(current, to_state=State.COMPLETED, actor=by, action=Event.ANSWERED, note=note)
    # Issue 14: the answer is written by a job, enqueued with the transition once the request is saved.
    enqueue_letter(letter)
    return completed


# GDPR Art. 19 names restriction (Art. 18); a prohibition of processing
# (S38) restricts it in the same way. A prohibition of disclosure or of
# direct marketing changes nothing a recipient holds.
NOTIFIED_PROHIBITION_KINDS = (Kind.RESTRICTION, Kind.PROHIBIT_PROCESSING)


def _answer_inspection(current, by):
    # Issue 14 item 3: the access report (seconds for a long history) is built by the letter's job.
    return prepare_letter(
        request=current,
        kind=RequestLetter.Kind.ANSWER,
        template="privacy/letters/inspection.html",
        context={"access_report": True},
        by=by,
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
    return prepare_letter(
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
        action=Event.ERASURE_PROPOSED,
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
        action=Event.REJECTION_PROPOSED,
        params={"reason": current.rejection_reason},
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
            action=Event.ERASURE_APPROVED,
            note=note,
        )
    letter = prepare_letter(
        request=current, kind=RequestLetter.Kind.REJECTION, template="privacy/letters/rejection.html", by=by
    )
    rejected = _transition(
        current, to_state=State.REJECTED, actor=by, action=Event.REJECTION_APPROVED, note=note
    )
    enqueue_letter(letter)
    return rejected


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
        action=Event.RETURNED,
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
    letter = prepare_letter(
        request=current,
        kind=RequestLetter.Kind.EXTENSION_NOTICE,
        template="privacy/letters/extension.html",
        by=by,
    )
    if current.email:
        from privacy.services.electronic import own_page_url

        # D6: no personal data in an e-mail, and never the letter itself.
        with translation.override(current.language):
            subject = gettext("Your data protection request: we need more time to answer")
            body = render_to_string(
                "privacy/email/extension_body.txt",
                {"dsr": current, "controller": ControllerDetails.current(), "own_page_url": own_page_url()},
            )
        EmailMessage(subject, body, to=[current.email]).send()
    extended = _transition(
        current,
        to_state=current.state,
        actor=by,
        action=Event.DEADLINE_EXTENDED,
        params={"due": current.due_on.isoformat()},
        note=" – ".join(part for part in (str(current.get_extension_ground_display()), note.strip()) if part),
    )
    enqueue_letter(letter)
    return extended
