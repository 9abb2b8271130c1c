"""What every step of the request workflow shares: the states, the row lock, the errors and the timeline.

See ``privacy.services`` for the states and the locking.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.models import (
    DataSubjectRequest,
    RequestEvent,
)

State = DataSubjectRequest.State
Kind = DataSubjectRequest.Kind
Event = RequestEvent.Action


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


def _transition(current, *, to_state, actor, action, params=None, note="", fields=()):
    """Move ``current`` (locked) to ``to_state``, save and put the step on the timeline.

    ``action`` is a ``RequestEvent.Action`` code, ``params`` its parameters
    (codes and ISO dates): the timeline words them in the reader's language.
    """
    from_state = current.state
    current.state = to_state
    current.version += 1
    if to_state in DataSubjectRequest.CLOSED_STATES:
        current.closed_at = timezone.now()
    current.save()
    RequestEvent.objects.create(
        request=current,
        actor=actor,
        action=action,
        params=params or {},
        from_state=from_state,
        to_state=to_state,
        note=note,
    )
    return current


ACTION_LABELS = {
    "verify_identity": _("verify identity"),
    "link_customer": _("link the identification to the customer"),
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
    if (
        dsr.state in (State.IDENTITY_VERIFIED, State.IN_PROGRESS)
        and dsr.customer_id is None
        and dsr.person_key
        and dsr.verification_method == DataSubjectRequest.VerificationMethod.STRONG_EID
    ):
        # Issue 12: a request filed after strong electronic identification, not yet linked to its customer.
        names.append("link_customer")
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
