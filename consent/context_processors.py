import re

from django.conf import settings

from consent.cookies import cookie_consent

# Tracking ids go into script text; only this shape is ever written there.
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _safe(value):
    return value if value and _SAFE_ID.fullmatch(value) else ""


def cookies(request):
    """The visitor's cookie choice and the tracking ids, for the banner and the gated scripts."""
    if request is None or request.path_info.startswith("/admin/"):
        return {}
    if getattr(request, "without_trackers", False):
        # D1: a page that collects personal data or carries a token.
        return {"cookie_consent": cookie_consent(request), "tracking": {}}
    return {
        "cookie_consent": cookie_consent(request),
        "tracking": {
            "google_analytics_id": _safe(settings.GOOGLE_ANALYTICS_ID),
            "google_ads_id": _safe(settings.GOOGLE_ADS_ID),
            "facebook_pixel_id": _safe(settings.FACEBOOK_PIXEL_ID),
        },
    }
