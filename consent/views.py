"""Public pages: the privacy notice, cookie settings and the customer's consents."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consent import services
from consent.cookies import (
    cookie_consent,
    record_choice,
    remove_unconsented_cookies,
    secret_url,
    without_trackers,
)
from consent.forms import ConsentChangeForm, ConsentLinkRequestForm, CookieChoiceForm
from consent.models import CookieCategory, CookiePolicy, PrivacyNotice
from consent.selectors import consent_choices
from consent.tokens import customer_for_token
from kanalinhelmi import rate_limits
from kanalinhelmi.client_address import client_address
from registry.models import ControllerDetails, Customer


def _notice_context(notice):
    """The controller (S1–S3) as it is now for the current notice, as it was for an archived one."""
    current = PrivacyNotice.current()
    if notice == current:
        controller = ControllerDetails.current()
        controller = {
            "name": controller.name,
            "business_id": controller.business_id,
            "postal_address": controller.postal_address,
            "phone": controller.phone,
            "email": controller.email,
            "register_name": controller.translated_register_name,
            "responsible_person_name": controller.responsible_person_name,
            "responsible_person_title": controller.translated_responsible_person_title,
        }
    else:
        controller = ControllerDetails.translate_snapshot(notice.controller_snapshot)
    sections = sorted(notice.sections.all(), key=lambda section: section.position)
    return {
        "notice": notice,
        "is_current": notice == current,
        "current": current,
        "controller": controller,
        "sections": sections,
        "archive": PrivacyNotice.objects.published().order_by("-version"),
        "cookie_categories": CookieCategory.objects.prefetch_related("services__cookies"),
    }


def privacy_notice(request):
    """The privacy notice in force (tietosuojaseloste, S1–S18)."""
    notice = PrivacyNotice.current()
    if notice is None:
        raise Http404(_("No privacy notice has been published yet."))
    return render(request, "consent/privacy_notice.html", _notice_context(notice))


def privacy_notice_version(request, version):
    """An earlier (or the current) version of the notice, from the archive."""
    notice = get_object_or_404(PrivacyNotice.objects.published(), version=version)
    return render(request, "consent/privacy_notice.html", _notice_context(notice))


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@require_http_methods(["GET", "POST"])
def cookie_settings(request):
    """Choose cookies (S25): works without JavaScript, a plain form post.

    Reached from the banner's "choose" and from the footer at any time.
    """
    consent = cookie_consent(request)
    if request.method == "POST":
        form = CookieChoiceForm(request.POST)
        if form.is_valid() and CookiePolicy.current() is not None:
            analytics, marketing = form.chosen_categories()
            response = HttpResponseRedirect(_safe_next(request, form.cleaned_data["next"]))
            consent = record_choice(
                request,
                response,
                method=form.cleaned_data["action"],
                analytics=analytics,
                marketing=marketing,
            )
            remove_unconsented_cookies(request, response, consent)
            messages.success(request, _("Your cookie choice has been saved."))
            return response
        messages.error(request, _("Your choice could not be saved. Please choose again."))
    return render(
        request,
        "consent/cookie_settings.html",
        {
            "consent": consent,
            "categories": CookieCategory.objects.prefetch_related("services__cookies"),
            "next": _safe_next(request, request.GET.get("next") or request.POST.get("next")),
        },
    )


@without_trackers
@require_http_methods(["GET", "POST"])
def consent_link_request(request):
    """Ask for a link to manage one's consents; sent only to an address in the register.

    The answer is the same whether or not the address is known, so the page
    does not reveal who is a customer. Like the request forms, it is limited
    per sender's address and per e-mail address (``PRIVACY_RATE_LIMIT_PER_IP``,
    ``PRIVACY_RATE_LIMIT_PER_EMAIL`` an hour), so that it cannot be used to
    flood a customer's inbox; the counts are the consent page's own.
    """
    form = ConsentLinkRequestForm(request.POST or None)
    if request.method == "POST":
        email = request.POST.get("email", "")
        # Every post counts against the sender; only accepted ones against the e-mail address.
        if rate_limits.over_limit(
            "consent-link-ip", client_address(request) or "unknown", settings.PRIVACY_RATE_LIMIT_PER_IP
        ) or (
            email
            and rate_limits.limit_reached("consent-link-email", email, settings.PRIVACY_RATE_LIMIT_PER_EMAIL)
        ):
            form.add_error(
                None,
                _(
                    "Too many links have been requested. Please try again in an hour, or ask for the link "
                    "at the clinic."
                ),
            )
            return render(request, "consent/link_request.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        rate_limits.count("consent-link-email", form.cleaned_data["email"])
        base_url = request.build_absolute_uri("/")
        for customer in Customer.objects.filter(email__iexact=form.cleaned_data["email"])[:5]:
            services.send_consent_link(customer=customer, base_url=base_url)
        messages.success(
            request,
            _(
                "If the address is in our customer register, we have sent a link to it. The link is valid for %(days)s days."
            )
            % {"days": settings.CONSENT_LINK_DAYS},
        )
        return redirect("consent:link_request")
    return render(request, "consent/link_request.html", {"form": form})


def change_consent(request, customer):
    """Give or withdraw the consent posted by the customer, and tell them what happened (GDPR Art. 7(3)).

    Shared by the consent link's page and the customer's own page (issue 12).
    """
    form = ConsentChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your choice could not be saved. Please try again."))
        return
    granting = form.cleaned_data["action"] == "grant"
    change = services.give_consent if granting else services.withdraw_consent
    try:
        change(
            customer=customer,
            purpose_key=form.cleaned_data["purpose"],
            channel="web",
            ip_address=client_address(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your consent has been recorded.") if granting else _("Your consent has been withdrawn."),
        )


@secret_url
@require_http_methods(["GET", "POST"])
def manage_consents(request, token):
    """The customer's consents: each purpose with its text and one button to give or withdraw."""
    customer = customer_for_token(token)
    if customer is None:
        return render(request, "consent/link_invalid.html", status=403)
    if request.method == "POST":
        change_consent(request, customer)
        return redirect("consent:manage", token=token)
    purposes = consent_choices(customer)
    return render(request, "consent/manage.html", {"customer": customer, "purposes": purposes})
