"""The public side of data-subject requests (S33–S38): the rights page, the forms, the confirmation link."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import base36_to_int
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from consent.cookies import secret_url, without_trackers
from identification import is_enabled as identification_enabled
from kanalinhelmi import rate_limits
from kanalinhelmi.client_address import client_address
from privacy import services
from privacy.forms import RequestForm
from privacy.letters import render_letter_html
from privacy.models import DataSubjectRequest
from privacy.report import controller_details

LETTER_LINK_MAX_AGE = 30 * 24 * 3600


def rights(request):
    """What the customer's rights are and where to use them."""
    return render(
        request,
        "privacy/rights.html",
        {
            "kinds": DataSubjectRequest.Kind.choices,
            "controller": controller_details(),
            "identification_enabled": identification_enabled(),
        },
    )


@never_cache
@without_trackers
@require_http_methods(["GET", "POST"])
def request_form(request, kind):
    if kind not in DataSubjectRequest.Kind.values:
        raise Http404
    form = RequestForm(request.POST or None, kind=kind)
    context = {"form": form, "kind": kind, "kind_label": DataSubjectRequest.Kind(kind).label}
    if request.method != "POST":
        return render(request, "privacy/request_form.html", context)

    too_many = gettext(
        "Too many requests have been sent. Please try again in an hour, or contact us by letter."
    )
    if rate_limits.over_limit("ip", client_address(request) or "unknown", settings.PRIVACY_RATE_LIMIT_PER_IP):
        form.add_error(None, too_many)
        return render(request, "privacy/request_form.html", context, status=429)
    # Issue 10, item 11: only accepted requests count against an e-mail address.
    email = request.POST.get("email", "")
    if email and rate_limits.limit_reached("email", email, settings.PRIVACY_RATE_LIMIT_PER_EMAIL):
        form.add_error(None, too_many)
        return render(request, "privacy/request_form.html", context, status=429)
    if form.is_bot:
        # A bot filled in the hidden field: it is told nothing, and nothing is kept.
        return redirect("privacy:sent")
    if not form.is_valid():
        return render(request, "privacy/request_form.html", context, status=400)
    dsr = form.save(commit=False)
    dsr.language = get_language()[:2]
    try:
        services.submit_request(request=dsr, site_url=request.build_absolute_uri("/"))
    except ValidationError as error:
        form.add_error(None, error.messages)
        return render(request, "privacy/request_form.html", context, status=400)
    rate_limits.count("email", email)
    request.session["privacy_request_letter"] = services.request_letter_path(dsr)
    return redirect("privacy:sent")


@never_cache
@without_trackers
def sent(request):
    return render(
        request,
        "privacy/sent.html",
        {
            "letter_path": request.session.get("privacy_request_letter"),
            "hours": settings.PRIVACY_CONFIRMATION_TIMEOUT // 3600,
        },
    )


def _request_or_none(rid):
    try:
        return DataSubjectRequest.objects.filter(pk=base36_to_int(rid)).first()
    except (ValueError, OverflowError):
        return None


@never_cache
@secret_url
@require_http_methods(["GET", "POST"])
def confirm(request, rid, token):
    """The e-mailed link: GET shows a button (link scanners must not confirm), POST confirms.

    A link that does not work gets the same answer whether or not a request
    with its number exists, so the link does not reveal which numbers do.
    """
    dsr = _request_or_none(rid)
    valid = dsr is not None and services.confirmation_token_generator.check_token(dsr, token)
    if request.method == "POST" and valid:
        try:
            services.confirm_email(request=dsr, token=token)
        except ValidationError:
            valid = False
        else:
            return render(request, "privacy/confirmed.html", {"dsr": dsr})
    status = 200 if valid else 400
    return render(request, "privacy/confirm.html", {"dsr": dsr, "valid": valid}, status=status)


@never_cache
@secret_url
def request_letter(request, signed):
    """The pre-filled request letter to sign and send (S34): HTML preview or PDF.

    Like the forms, the link answers a limited number of times an hour to
    one address, and the PDF is made once and then served as stored.
    """
    if rate_limits.over_limit(
        "letter-ip", client_address(request) or "unknown", settings.PRIVACY_RATE_LIMIT_PER_IP
    ):
        return HttpResponse(
            gettext(
                "Too many requests have been sent. Please try again in an hour, or contact us by letter."
            ),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    try:
        pk = signing.loads(signed, salt="privacy.request-letter", max_age=LETTER_LINK_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    dsr = get_object_or_404(DataSubjectRequest, pk=pk)
    if request.GET.get("format") == "html":
        # Rendered for this response: its style carries the response's CSP nonce.
        return HttpResponse(
            render_letter_html(
                "privacy/letters/request_form.html", {"dsr": dsr}, language=dsr.language, request=request
            )
        )
    letter = services.request_form_letter(request=dsr)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kanalinhelmi-request-{dsr.pk}.pdf"'
    return response
