"""Signed, expiring links for customers to manage their consents (GDPR Art. 7(3)).

Modelled on ``django.contrib.auth.tokens``: nothing secret is stored; the
link carries the customer's id and a fingerprint of their e-mail address,
signed with SECRET_KEY and time-stamped. Changing the e-mail address
invalidates earlier links, and a link expires after CONSENT_LINK_DAYS.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from registry.models import Customer

SALT = "consent.tokens.consent-link"


def _fingerprint(customer):
    return salted_hmac(SALT, f"{customer.pk}:{customer.email.lower()}").hexdigest()[:20]


def make_token(customer):
    return signing.dumps([customer.pk, _fingerprint(customer)], salt=SALT)


def customer_for_token(token):
    """The customer the link was made for, or ``None`` if it is forged, expired or stale."""
    try:
        pk, fingerprint = signing.loads(token, salt=SALT, max_age=timedelta(days=settings.CONSENT_LINK_DAYS))
        customer = Customer.objects.get(pk=pk)
    except (signing.BadSignature, ValueError, TypeError, Customer.DoesNotExist):
        return None
    if not customer.email or not constant_time_compare(fingerprint, _fingerprint(customer)):
        return None
    return customer
