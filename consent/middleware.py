from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

from consent.cookies import CATEGORY_SOURCES, cookie_consent


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with third-party hosts only for accepted categories (S25, S26).

    The base policy (settings.CONTENT_SECURITY_POLICY) allows only this site
    and nonce-bearing scripts. Google's and Facebook's hosts are added for a
    visitor who has accepted their category, so even a script that slipped
    past the template gating could not load before consent.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        # Only pages can load scripts, and only a visitor with a choice can have
        # accepted anything; this also keeps the database out of other responses
        # (the load balancer's health check must not depend on it).
        if (
            report_only
            or settings.COOKIE_CONSENT_COOKIE_NAME not in request.COOKIES
            or not response.get("Content-Type", "").startswith("text/html")
            or request.path_info.startswith("/admin/")
            or getattr(request, "without_trackers", False)
        ):
            return parts
        consent = cookie_consent(request)
        update = {key: list(value) for key, value in (parts.update or {}).items()}
        for category, directives in CATEGORY_SOURCES.items():
            if consent.allows(category):
                for directive, hosts in directives.items():
                    update.setdefault(directive, [])
                    update[directive] += [host for host in hosts if host not in update[directive]]
        if update:
            parts.update = update
        return parts
