"""Signed, expiring links for customers to manage their consents (GDPR Art. 7(3)).

The link carries a random key, signed with SECRET_KEY and time-stamped, and
nothing else: not the customer's id or anything readable about them (issue
10, item 13). ``ConsentLink`` ties the key to the customer and to a
fingerprint of their e-mail address, so changing the address invalidates
earlier links, and a link expires after CONSENT_LINK_DAYS. A stored key alone
is no link: the signature needs SECRET_KEY.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from consent.models import ConsentLink

SALT = "consent.tokens.consent-link"


def _fingerprint(customer):
    return salted_hmac(SALT, f"{customer.pk}:{customer.email.lower()}").hexdigest()[:20]


def _max_age():
    return timedelta(days=settings.CONSENT_LINK_DAYS)


def make_token(customer):
    ConsentLink.objects.filter(created_at__lt=timezone.now() - _max_age()).delete()
    link = ConsentLink.objects.create(
        key=secrets.token_urlsafe(32), customer=customer, email_fingerprint=_fingerprint(customer)
    )
    return signing.dumps(link.key, salt=SALT)


def customer_for_token(token):
    """The customer the link was made for, or ``None`` if it is forged, expired or stale."""
    try:
        key = signing.loads(token, salt=SALT, max_age=_max_age())
        link = ConsentLink.objects.select_related("customer").get(key=key)
    except (signing.BadSignature, ValueError, TypeError, ConsentLink.DoesNotExist):
        return None
    customer = link.customer
    if not customer.email or not constant_time_compare(link.email_fingerprint, _fingerprint(customer)):
        return None
    return customer
