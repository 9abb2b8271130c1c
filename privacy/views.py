"""The public side of data-subject requests (S33–S38): the rights page, the forms, the confirmation link."""

from axes.helpers import get_client_ip_address
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
from kanalinhelmi.rate_limits import over_limit
from privacy import services
from privacy.forms import RequestForm
from privacy.letters import html_to_pdf, render_letter_html
from privacy.models import DataSubjectRequest
from privacy.report import controller_details

LETTER_LINK_MAX_AGE = 30 * 24 * 3600


def rights(request):
    """What the customer's rights are and where to use them."""
    return render(
        request,
        "privacy/rights.html",
        {"kinds": DataSubjectRequest.Kind.choices, "controller": controller_details()},
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
    if over_limit("ip", get_client_ip_address(request) or "unknown", settings.PRIVACY_RATE_LIMIT_PER_IP):
        form.add_error(None, too_many)
        return render(request, "privacy/request_form.html", context, status=429)
    email = request.POST.get("email", "")
    if email and over_limit("email", email, settings.PRIVACY_RATE_LIMIT_PER_EMAIL):
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


def _request_or_404(rid):
    try:
        pk = base36_to_int(rid)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(DataSubjectRequest, pk=pk)


@never_cache
@secret_url
@require_http_methods(["GET", "POST"])
def confirm(request, rid, token):
    """The e-mailed link: GET shows a button (link scanners must not confirm), POST confirms."""
    dsr = _request_or_404(rid)
    valid = services.confirmation_token_generator.check_token(dsr, token)
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
    """The pre-filled request letter to sign and send (S34): HTML preview or PDF."""
    try:
        pk = signing.loads(signed, salt="privacy.request-letter", max_age=LETTER_LINK_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    dsr = get_object_or_404(DataSubjectRequest, pk=pk)
    html = render_letter_html(
        "privacy/letters/request_form.html", {"dsr": dsr}, language=dsr.language, request=request
    )
    if request.GET.get("format") == "html":
        return HttpResponse(html)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kanalinhelmi-request-{dsr.pk}.pdf"'
    return response
