"""How often one sender may use a public form: the request forms and the consent-link form.

Every post counts against the sender's address (``over_limit``). Against an
e-mail address only accepted submissions count (``limit_reached`` before,
``count`` after), so that junk posts naming someone else's address cannot
use up that person's limit.

Counts live for an hour in the default cache, which outside DEBUG every
process and app server shares (the database's, or Redis by ``CACHE_URL``).
Only a keyed hash of the address or e-mail is kept, never the value itself.
"""

from django.core.cache import cache
from django.utils.crypto import salted_hmac

WINDOW_SECONDS = 3600


def _key(kind, value):
    return f"privacy:rate:{kind}:{salted_hmac('privacy.rate', value.strip().lower()).hexdigest()[:32]}"


def count(kind, value):
    """Count one submission of ``kind`` for ``value``; returns the count within the hour."""
    key = _key(kind, value)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def over_limit(kind, value, limit):
    """Count one submission of ``kind`` for ``value``; True when it is over ``limit`` within the hour."""
    return count(kind, value) > limit


def limit_reached(kind, value, limit):
    """True when ``limit`` submissions of ``kind`` have been counted for ``value`` within the hour; counts nothing."""
    return (cache.get(_key(kind, value)) or 0) >= limit
