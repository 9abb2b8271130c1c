"""The identification's pages: start, the broker's return, signing out, and the clinic's public keys.

The start page lives under the language prefix, so the broker is asked to
speak the page's language (``ui_locales``) and the person comes back to it;
the return address (``redirect_uri``) and the public keys have fixed
addresses outside it, as a broker registers them once.

Every way an identification can fail ends on a page that says what happened
and offers to try again, with an audit entry and nothing else stored.
"""

import logging
import re
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

import identification
from consent.cookies import without_trackers
from identification import audit, broker, config, flows
from identification.broker import IdentificationFailed, Reason
from identification.session import IdentifiedPerson, IdentityCodeError, person_key, sign_in, sign_out

logger = logging.getLogger("identification")

# What the person is told: (heading, explanation, HTTP status), by kind of failure.
CANCELLED = "cancelled"
REFUSED = "refused"
EXPIRED = "expired"
UNVERIFIED = "unverified"
NO_IDENTITY_CODE = "no_identity_code"
UNREACHABLE = "unreachable"
TOO_SLOW = "too_slow"
PAGES = {
    CANCELLED: (
        _("Identification cancelled"),
        _("You cancelled the identification. Nothing was saved."),
        200,
    ),
    REFUSED: (
        _("The identification service could not identify you"),
        _("The identification service ended the identification without identifying you. Nothing was saved."),
        502,
    ),
    EXPIRED: (
        _("This identification is no longer valid"),
        _(
            "The return from the identification service did not match an identification started in this "
            "browser, or it was already used or is more than 10 minutes old. Nothing was saved."
        ),
        400,
    ),
    UNVERIFIED: (
        _("Your identification could not be verified"),
        _(
            "The answer of the identification service did not pass our security checks, so you were not "
            "identified and nothing was saved. If this happens again, please contact us."
        ),
        502,
    ),
    NO_IDENTITY_CODE: (
        _("Your personal identity code was not received"),
        _(
            "The identification service did not give a valid Finnish personal identity code, which we "
            "need to find your data. Nothing was saved."
        ),
        502,
    ),
    UNREACHABLE: (
        _("The identification service cannot be reached"),
        _("We could not connect to the identification service. Nothing was saved. Please try again shortly."),
        503,
    ),
    TOO_SLOW: (
        _("The identification service did not answer in time"),
        _("The identification service is answering too slowly. Nothing was saved. Please try again shortly."),
        504,
    ),
}
PAGE_OF_REASON = {
    Reason.CANCELLED: CANCELLED,
    Reason.BROKER_REFUSED: REFUSED,
    Reason.BROKER_ERROR: REFUSED,
    Reason.UNKNOWN_STATE: EXPIRED,
    Reason.BROKER_UNREACHABLE: UNREACHABLE,
    Reason.BROKER_TIMEOUT: TOO_SLOW,
    Reason.NO_IDENTITY_CODE: NO_IDENTITY_CODE,
}
# The broker's error codes for a person who cancelled (OpenID Connect's and the FTN brokers').
CANCEL_ERRORS = {"access_denied", "cancel", "user_cancel", "consent_required"}


def _safe_next(value):
    """``value`` if it is a path on this site, else ""."""
    if value and value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts=set()):
        return value
    return ""


def _after_identification(flow):
    with translation.override(flow.language):
        if flow.next:
            return flow.next
        try:
            return reverse("privacy:own_page")
        except NoReverseMatch:
            return reverse("home")


def _failure(request, failure, *, next_path=""):
    """The page for ``failure``, after its audit entry; nothing else is stored."""
    logger.warning("Strong electronic identification failed: %s", failure)
    audit.log_failure(reason=failure.reason, detail=failure.detail)
    heading, explanation, status = PAGES[PAGE_OF_REASON.get(failure.reason, UNVERIFIED)]
    retry = reverse("identification:start")
    if next_path:
        retry = f"{retry}?{urlencode({'next': next_path})}"
    return render(
        request,
        "identification/failure.html",
        {"heading": heading, "explanation": explanation, "retry_url": retry},
        status=status,
    )


def _not_in_use(request):
    return render(request, "identification/not_in_use.html", status=404)


@never_cache
@require_GET
@transaction.non_atomic_requests  # the broker is asked for its metadata: no transaction held meanwhile
def start(request):
    """Send the person to the broker, remembering the flow (state, nonce, PKCE, next, language)."""
    if not identification.is_enabled():
        return _not_in_use(request)
    next_path = _safe_next(request.GET.get("next", ""))
    flow = flows.start(
        request.session,
        redirect_uri=request.build_absolute_uri(reverse("identification_callback")),
        next_path=next_path,
        language=get_language(),
    )
    try:
        url = broker.authorization_url(flow)
    except IdentificationFailed as failure:
        flows.take(request.session, flow.state)
        return _failure(request, failure, next_path=next_path)
    return HttpResponseRedirect(url)


@never_cache
@without_trackers  # the address holds the authorization code
@require_GET
@transaction.non_atomic_requests  # up to three calls to the broker: no transaction held meanwhile
def callback(request):
    """The broker sends the person back here (the fixed ``redirect_uri``) with a code or an error."""
    flow = flows.take(request.session, request.GET.get("state"))
    if flow is None:
        # No flow to take the language from: the one this browser started
        # last, else what the browser asks for (the address has no prefix).
        language = flows.latest_language(request.session) or translation.get_language_from_request(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            return _failure(request, IdentificationFailed(Reason.UNKNOWN_STATE))
    with translation.override(flow.language):
        request.LANGUAGE_CODE = flow.language
        return _finish(request, flow)


def _finish(request, flow):
    if not identification.is_enabled():
        return _not_in_use(request)
    error = request.GET.get("error")
    try:
        if error:
            reason = Reason.CANCELLED if error in CANCEL_ERRORS else Reason.BROKER_REFUSED
            # The code is whatever the address says: only its plain characters reach the log.
            raise IdentificationFailed(reason, re.sub(r"[^A-Za-z0-9_.:-]", "?", error[:100]))
        code = request.GET.get("code")
        if not code:
            raise IdentificationFailed(Reason.BROKER_ERROR, "no code")
        answer = broker.identify(flow, code)
        try:
            key = person_key(answer.personal_identity_code)
        except IdentityCodeError:
            raise IdentificationFailed(Reason.NO_IDENTITY_CODE, "not a valid identity code") from None
    except IdentificationFailed as failure:
        return _failure(request, failure, next_path=flow.next)
    except Exception:
        # Whatever a broker sends, the person gets a page, not a server error;
        # the traceback goes to the log (it holds no token: those are locals).
        logger.exception("Unexpected error while checking the broker's answer")
        failure = IdentificationFailed(Reason.BROKER_ERROR, "unexpected error")
        return _failure(request, failure, next_path=flow.next)
    person = IdentifiedPerson(
        person_key=key,
        given_name=answer.given_name,
        family_name=answer.family_name,
        identified_at=timezone.now(),
        acr=answer.acr,
    )
    sign_in(request, person)
    audit.log_success(person=person)
    return HttpResponseRedirect(_after_identification(flow))


@require_POST
def sign_out_view(request):
    """Forget the identified person and go to the front page."""
    sign_out(request)
    messages.success(request, gettext("You have signed out."))
    return redirect("home")


def jwks(request):
    """The clinic's public JWK set, for brokers that fetch it rather than take it once by hand."""
    if not identification.is_enabled():
        raise Http404
    response = JsonResponse(config.public_jwks())
    response["Content-Type"] = "application/jwk-set+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response
