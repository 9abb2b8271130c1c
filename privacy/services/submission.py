"""Submission and confirmation of a request (S33, S34, S36–S38)."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import int_to_base36
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from privacy.models import (
    DataSubjectRequest,
    RequestEvent,
    RequestLetter,
)
from privacy.services.workflow import (
    Event,
    State,
    _error,
    _locked,
    _transition,
)
from privacy.tokens import confirmation_token_generator


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
def request_form_letter(*, request):
    """The pre-filled letter to sign and send (S34) as a stored ``RequestLetter``.

    Issue 10, item 1: the PDF is built the first time the requester's link
    asks for it and kept with the request, so that opening the public link
    again costs no more than reading a row. The request is locked while the
    letter is made, so that two first clicks make one letter.
    """
    from privacy.letters import write_letter

    DataSubjectRequest.objects.select_for_update().filter(pk=request.pk).exists()
    letter = request.letters.filter(kind=RequestLetter.Kind.REQUEST_FORM).first()
    if letter is None:
        letter = write_letter(
            request=request,
            kind=RequestLetter.Kind.REQUEST_FORM,
            template="privacy/letters/request_form.html",
        )
    return letter


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
    RequestEvent.objects.create(request=request, action=Event.SUBMITTED, to_state=State.SUBMITTED)
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
        action=Event.RECORDED_PAPER,
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
    return _transition(current, to_state=State.EMAIL_CONFIRMED, actor=None, action=Event.EMAIL_CONFIRMED)


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
            action=Event.EXPIRED,
        )
        expired += 1
    return expired
