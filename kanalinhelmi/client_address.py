"""The address of the visitor behind a request: the one answer for the whole site.

Login lockouts (django-axes, S31), the audit trail (S39), the public forms'
rate limits and the consent log all ask ``client_address(request)``.

Behind reverse proxies the connection comes from the nearest proxy, and the
visitor's address is in ``X-Forwarded-For``, where each proxy appends the
address it received the request from. Only the entries our own proxies added
can be trusted, so with ``PROXY_COUNT = N`` the visitor is the N-th address
from the right; anything to the left of it was written by the client and may
be made up. With ``PROXY_COUNT = 0`` (no proxy) the header is never read.

A header that is too short or holds something other than an IP address in
the trusted position is ignored and the connection's address is used: a
malformed header never makes a page fail.
"""

import ipaddress

import auditlog.middleware
from django.conf import settings


def _ip(value):
    """``value`` as a normalised IP address, or ``None`` if it is not one."""
    value = (value or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request):
    """The visitor's IP address as a string, or ``None`` if the request carries none."""
    proxies = settings.PROXY_COUNT
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= proxies:
            address = _ip(forwarded[-proxies])
            if address is not None:
                return address
    return _ip(request.META.get("REMOTE_ADDR"))


class AuditlogMiddleware(auditlog.middleware.AuditlogMiddleware):
    """django-auditlog's middleware, with the address (and port) from this module (S39).

    Its own reads the left-most ``X-Forwarded-For`` entry, which any client
    can write, even when there is no proxy.
    """

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        # Only our proxy writes X-Forwarded-Port (docs/deploy/nginx.conf: the
        # visitor's source port); without one it is whatever the client sent.
        if settings.PROXY_COUNT == 0:
            return None
        return auditlog.middleware.AuditlogMiddleware._get_remote_port(request)
