from django.conf import settings

from consent.cookies import cookie_consent


def cookies(request):
    """The visitor's cookie choice and the tracking ids, for the banner and the gated scripts."""
    if request is None or request.path_info.startswith("/admin/"):
        return {}
    return {
        "cookie_consent": cookie_consent(request),
        "tracking": {
            "google_analytics_id": settings.GOOGLE_ANALYTICS_ID,
            "google_ads_id": settings.GOOGLE_ADS_ID,
            "facebook_pixel_id": settings.FACEBOOK_PIXEL_ID,
            "google_site_verification": settings.GOOGLE_SITE_VERIFICATION,
        },
    }
