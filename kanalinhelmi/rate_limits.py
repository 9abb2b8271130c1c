"""How often one sender may use a public form: the request forms and the consent-link form.

Counts live in the shared cache for an hour (a multi-server site needs Redis
as ``CACHE_URL``, see README). Only a keyed hash of the address or e-mail is
kept, never the value itself.
"""

from django.core.cache import cache
from django.utils.crypto import salted_hmac

WINDOW_SECONDS = 3600


def _key(kind, value):
    return f"privacy:rate:{kind}:{salted_hmac('privacy.rate', value.strip().lower()).hexdigest()[:32]}"


def over_limit(kind, value, limit):
    """Count one submission of ``kind`` for ``value``; True when it is over ``limit`` within the hour."""
    key = _key(kind, value)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > limit
