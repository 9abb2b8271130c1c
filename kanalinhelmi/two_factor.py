"""Staff two-factor authentication for the back-office (S27, S31).

A password alone does not open the register: after logging in, a staff
member proves they hold their authenticator app (TOTP, django-otp). A lost
phone is handled by the responsible person, who removes the old device in
the back-office (OTP devices), after which the staff member enrols again.
Required whenever ``STAFF_2FA_REQUIRED`` is on (the default outside DEBUG).

Enrolling needs more than the password (issue 10, item 12): the system
administrator (superuser) issues a one-time enrolment link in the
back-office (Users → action), or with ``manage.py enrolment_link`` for the
first superuser. Issuing creates the account's unconfirmed authenticator;
the link names it, signed and time-stamped (django.core.signing), so it
works only for that account, for ``STAFF_ENROLMENT_LINK_HOURS``, and only
until the authenticator is confirmed or the link is issued again. Until then
the account cannot reach the back-office.
"""

from base64 import b32encode
from datetime import timedelta

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def _context(request, **extra):
    return {**admin.site.each_context(request), "next": _next_url(request), **extra}


def _staff_only(view):
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_staff):
            return redirect(f"{reverse('admin:login')}?next={request.path}")
        return view(request, *args, **kwargs)

    return wrapped


@never_cache
@sensitive_post_parameters("token")
@_staff_only
def verify(request):
    """Ask for the current code of the staff member's enrolled device."""
    if not TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect(f"{reverse('two_factor_enrol')}?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Enter the code your app shows now."))
    return render(request, "two_factor/verify.html", _context(request, form=form, title=_("Two-step login")))


ENROLMENT_SALT = "kanalinhelmi.two_factor.enrolment"


def _fingerprint(device):
    return salted_hmac(ENROLMENT_SALT, f"{device.pk}:{device.key}").hexdigest()[:20]


def issue_enrolment_link(user):
    """A new enrolment path for ``user``; any earlier unconfirmed authenticator and its link stop working.

    Raises ``ValidationError`` when the account already has an authenticator
    in use: the responsible person removes it first (a lost phone).
    """
    with transaction.atomic():
        if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
            raise ValidationError(
                _("%(user)s already has an authenticator app in use. Remove it first if the phone was lost.")
                % {"user": user.get_username()}
            )
        for earlier in TOTPDevice.objects.filter(user=user, confirmed=False):
            earlier.delete()
        device = TOTPDevice.objects.create(user=user, name=str(_("Authenticator app")), confirmed=False)
    token = signing.dumps([device.pk, _fingerprint(device)], salt=ENROLMENT_SALT, compress=True)
    return reverse("two_factor_enrol_link", args=[token])


def _enrolment_device(user, token):
    """The unconfirmed authenticator the link was issued for, or ``None``."""
    max_age = timedelta(hours=settings.STAFF_ENROLMENT_LINK_HOURS)
    try:
        pk, fingerprint = signing.loads(token, salt=ENROLMENT_SALT, max_age=max_age)
        device = TOTPDevice.objects.get(pk=pk, user=user, confirmed=False)
    except (signing.BadSignature, ValueError, TypeError, TOTPDevice.DoesNotExist):
        return None
    return device if constant_time_compare(fingerprint, _fingerprint(device)) else None


@never_cache
@_staff_only
def enrol(request):
    """Without a link: the system administrator's enrolment link is needed first."""
    if TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect(f"{reverse('two_factor_verify')}?next={_next_url(request)}")
    return render(
        request, "two_factor/enrol.html", _context(request, title=_("Set up two-step login"), device=None)
    )


@never_cache
@sensitive_post_parameters("token")
@_staff_only
def enrol_with_link(request, link):
    """Link an authenticator app to a staff account with the enrolment link issued for it."""
    if TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect(f"{reverse('two_factor_verify')}?next={_next_url(request)}")
    device = _enrolment_device(request.user, link)
    if device is None:
        return render(
            request,
            "two_factor/enrol.html",
            _context(request, title=_("Set up two-step login"), device=None, link_refused=True),
            status=400,
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Enter the code your app shows now."))
    return render(
        request,
        "two_factor/enrol.html",
        _context(
            request,
            form=form,
            device=device,
            title=_("Set up two-step login"),
            qr_code=segno.make(device.config_url).svg_inline(
                scale=4, title=str(_("QR code for your authenticator app"))
            ),
            secret=b32encode(device.bin_key).decode(),
        ),
    )


class StaffTwoFactorMiddleware:
    """Sends a staff member who has not given their second factor to do so.

    Covers the back-office (``/admin/``); login and logout stay open so that
    the first factor can be given and a session can always be ended.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            return redirect(f"{reverse('two_factor_verify')}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request):
        if not getattr(settings, "STAFF_2FA_REQUIRED", False):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return False
        admin_root = reverse("admin:index")
        open_paths = {
            reverse("admin:login"),
            reverse("admin:logout"),
            reverse("two_factor_verify"),
            reverse("two_factor_enrol"),
        }
        enrolment = reverse("two_factor_enrol")
        return (
            request.path.startswith(admin_root)
            and request.path not in open_paths
            and not request.path.startswith(enrolment)
        )
