"""Sending the letters (G11, S35, S40)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.models import (
    RequestEvent,
    RequestLetter,
)
from privacy.services.workflow import (
    Event,
    _error,
)


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
    if not current.is_ready:
        raise _error(_("The letter is not ready yet."), code="not_ready")
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
        action=Event.LETTER_SENT,
        params={"letter": current.kind, "how": how, "day": sent_on.isoformat()},
        from_state=dsr.state,
        to_state=dsr.state,
        note=note.strip(),
    )
    return current


@transaction.atomic
def retry_letter(*, letter, by):
    """Make a letter whose job failed again (issue 14): it is "being prepared" and its job enqueued.

    Only staff who may act on requests retry, and only a letter that could
    not be made, or whose worker was killed (prepared for longer than
    ``RequestLetter.STALLED_AFTER``). The job makes it once even if the old
    one ever runs too (``privacy.jobs.make_letter``). Returns the letter.
    """
    from privacy.jobs import enqueue_letter

    if not by.has_perm("privacy.change_datasubjectrequest"):
        raise _error(_("Only staff who handle data-subject requests may retry a letter."), code="forbidden")
    current = RequestLetter.objects.select_for_update().get(pk=letter.pk)
    if not current.can_be_retried:
        raise _error(_("Only a letter that could not be made is made again."), code="not_failed")
    current.status = RequestLetter.Status.PREPARING
    current.prepared_at = timezone.now()
    current.save(update_fields=["status", "prepared_at"])
    enqueue_letter(current)
    return current
