"""The visitor's cookie choice (S22–S26): read from and written to a signed cookie.

The choice is kept in the visitor's browser in a cookie signed with Django's
signing (``set_signed_cookie``), so it cannot be forged, and it is logged as
a ``CookieChoice`` so that consent can be shown later. A choice counts only
for the policy version in force and for twelve months; after either, the
visitor is asked again and nothing optional is loaded meanwhile.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from consent.models import CookieCategory, CookieChoice, CookiePolicy

COOKIE_SALT = "consent.cookie-choice"
CHOICE_MAX_AGE = timedelta(days=365)

# Hosts each optional category loads from; allowed in the Content-Security-
# Policy only when the visitor has accepted the category (defence in depth:
# the templates do not render the scripts before that either).
CATEGORY_SOURCES = {
    CookieCategory.Key.ANALYTICS: {
        "script-src": ["https://www.googletagmanager.com"],
        "connect-src": [
            "https://www.googletagmanager.com",
            "https://*.google-analytics.com",
            "https://*.analytics.google.com",
        ],
        "img-src": ["https://www.googletagmanager.com", "https://*.google-analytics.com"],
    },
    CookieCategory.Key.MARKETING: {
        "script-src": [
            "https://www.googletagmanager.com",
            "https://www.googleadservices.com",
            "https://googleads.g.doubleclick.net",
            "https://connect.facebook.net",
        ],
        "connect-src": [
            "https://www.google.com",
            "https://googleads.g.doubleclick.net",
            "https://www.facebook.com",
            "https://connect.facebook.net",
        ],
        "img-src": [
            "https://www.google.com",
            "https://googleads.g.doubleclick.net",
            "https://www.facebook.com",
        ],
        "frame-src": ["https://td.doubleclick.net", "https://www.facebook.com"],
    },
}


# S18, D1: the services that send data to the United States when their id is set.
TRANSFERRING_SERVICES = {
    "GOOGLE_ANALYTICS_ID": _("Google Analytics (Google LLC)"),
    "GOOGLE_ADS_ID": _("Google Ads (Google LLC)"),
    "FACEBOOK_PIXEL_ID": _("Facebook pixel (Meta Platforms, Inc.)"),
}


def transfers_outside_eea():
    """The services in use that transfer data outside the EU/EEA (S18, D1); empty when none is set.

    The privacy notice names them with the transfer's ground, and a system
    check warns that S18 ("no data leaves the EU/EEA") no longer holds.
    """
    return [label for setting, label in TRANSFERRING_SERVICES.items() if getattr(settings, setting, "")]


@dataclass(frozen=True)
class CookieConsent:
    """What the visitor has chosen, as far as it counts now."""

    consent_id: uuid.UUID | None = None
    policy_version: int | None = None
    analytics: bool = False
    marketing: bool = False
    current_version: int | None = None

    @property
    def is_given(self):
        """A choice for the policy version in force (any choice, even "reject all")."""
        return self.consent_id is not None and self.policy_version == self.current_version

    @property
    def needs_choice(self):
        return not self.is_given

    def allows(self, category):
        if category == CookieCategory.Key.NECESSARY:
            return True
        if not self.is_given:
            return False
        return bool(getattr(self, str(category), False))

    @property
    def analytics_allowed(self):
        return self.allows(CookieCategory.Key.ANALYTICS)

    @property
    def marketing_allowed(self):
        return self.allows(CookieCategory.Key.MARKETING)

    @property
    def accepted_categories(self):
        return [key for key in CookieCategory.Key.values if self.allows(key)]

    @property
    def accepted_labels(self):
        return [str(CookieCategory.Key(key).label) for key in self.accepted_categories]

    def serialize(self):
        return f"{self.consent_id.hex}.{self.policy_version}.{int(self.analytics)}{int(self.marketing)}"

    @classmethod
    def parse(cls, value, current_version):
        try:
            consent_id, version, flags = value.split(".")
            return cls(
                consent_id=uuid.UUID(hex=consent_id),
                policy_version=int(version),
                analytics=flags[0] == "1",
                marketing=flags[1] == "1",
                current_version=current_version,
            )
        except (ValueError, IndexError):
            return cls(current_version=current_version)


def cookie_consent(request):
    """The visitor's cookie choice; computed once per request."""
    cached = getattr(request, "_cookie_consent", None)
    if cached is not None:
        return cached
    policy = CookiePolicy.current()
    current_version = policy.version if policy else None
    value = request.get_signed_cookie(
        settings.COOKIE_CONSENT_COOKIE_NAME,
        default=None,
        salt=COOKIE_SALT,
        max_age=CHOICE_MAX_AGE.total_seconds(),
    )
    consent = (
        CookieConsent.parse(value, current_version)
        if value
        else CookieConsent(current_version=current_version)
    )
    request._cookie_consent = consent
    return consent


def record_choice(request, response, *, method, analytics, marketing):
    """Log the choice and store it in the visitor's browser; returns the new state.

    The consent id of an earlier choice in the same browser is kept, so the
    log shows one browser's choices together; no IP address is stored.
    """
    previous = cookie_consent(request)
    policy = CookiePolicy.current()
    choice = CookieChoice.objects.create(
        consent_id=previous.consent_id or uuid.uuid4(),
        policy=policy,
        method=method,
        analytics=analytics,
        marketing=marketing,
    )
    consent = CookieConsent(
        consent_id=choice.consent_id,
        policy_version=policy.version,
        analytics=analytics,
        marketing=marketing,
        current_version=policy.version,
    )
    response.set_signed_cookie(
        settings.COOKIE_CONSENT_COOKIE_NAME,
        consent.serialize(),
        salt=COOKIE_SALT,
        max_age=int(CHOICE_MAX_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    request._cookie_consent = consent
    return consent


def remove_unconsented_cookies(request, response, consent):
    """After a refusal, expire cookies the optional services may have set earlier."""
    from consent.models import Cookie

    for cookie in Cookie.objects.exclude(service__category__key=CookieCategory.Key.NECESSARY).select_related(
        "service__category"
    ):
        if consent.allows(cookie.service.category.key):
            continue
        prefix = cookie.name.rstrip("*")
        for name in request.COOKIES:
            if name == cookie.name or (cookie.name.endswith("*") and name.startswith(prefix)):
                response.delete_cookie(name)


def without_trackers(view):
    """D1: no third-party script on this page, whatever the visitor accepted.

    For pages that collect personal data: an analytics or advertising script
    there could read what the visitor types. The context processor leaves the
    tracking ids out and the CSP middleware adds no third-party host.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.without_trackers = True
        return view(request, *args, **kwargs)

    return wrapped


def private_page(view, *, referrer_policy="same-origin"):
    """D1: a page with a person's data: no trackers, never stored by a cache, the referrer kept to the site.

    The customer's own page (issue 12) uses it as it is; ``secret_url`` with
    no referrer at all.
    """
    view = without_trackers(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)
        response["Referrer-Policy"] = referrer_policy
        return response

    return wrapped


def secret_url(view):
    """D1, issue 10: a page whose URL is a secret (a token): no trackers, not stored, no referrer.

    The scripts would send the full URL to Google and Meta; a cache could keep
    the page, and a link followed from it would pass the URL on as the referrer.

    Under ``no-referrer`` the browser sends ``Origin: null`` with the page's own
    form posts, which Django's CSRF check refuses, so the view is exempt from
    it: the secret in the URL does the CSRF token's work, since a forged
    request cannot name a URL its author does not know.
    """
    return csrf_exempt(private_page(view, referrer_policy="no-referrer"))
