"""Who has identified themselves in this browser session: the interface other apps build on (issue 12).

After a strong electronic identification the session holds, for
``IDENTIFICATION_SESSION_SECONDS`` (15 minutes by default), only:

- ``person_key``: the keyed hash of the personal identity code (S9: the
  code itself is never stored — not here, in the database, a log or the
  audit trail; the key ``PERSON_ID_HMAC_KEY`` lives outside the database);
- the given and family name the broker gave, to greet the person;
- when the identification was made, and at which level (``acr``).

The identification is not a staff login: it never makes ``request.user``
anyone. A download of the customer's own data asks for an identification
made within ``IDENTIFICATION_FRESH_SECONDS`` (``identified_within``).
"""

import hashlib
import hmac
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from stdnum.exceptions import ValidationError as IdentityCodeError
from stdnum.fi import hetu

SESSION_KEY = "identified_person"

__all__ = [
    "IdentifiedPerson",
    "IdentityCodeError",
    "current_person",
    "identified_within",
    "person_key",
    "sign_in",
    "sign_out",
]


@dataclass(frozen=True)
class IdentifiedPerson:
    """A person who identified themselves strongly: never their identity code, only its keyed hash."""

    person_key: str
    given_name: str
    family_name: str
    identified_at: datetime  # aware
    acr: str = ""

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}".strip()


def person_key(personal_identity_code: str) -> str:
    """The keyed hash (HMAC-SHA256 under ``PERSON_ID_HMAC_KEY``, hex) of a personal identity code.

    The code is validated and normalised by python-stdnum first (upper case,
    no spaces), so the same person always gets the same key. Temporary codes
    (individual numbers 900–999) are accepted: the brokers' test users have
    them. Raises ``IdentityCodeError`` (python-stdnum's ``ValidationError``)
    for a code that is not valid, ``ImproperlyConfigured`` without the key.
    """
    if not settings.PERSON_ID_HMAC_KEY:
        raise ImproperlyConfigured(
            "PERSON_ID_HMAC_KEY is not set (README: strong electronic identification)."
        )
    code = hetu.validate(personal_identity_code, allow_temporary=True)
    return hmac.new(settings.PERSON_ID_HMAC_KEY.encode(), code.encode("ascii"), hashlib.sha256).hexdigest()


def sign_in(request, person: IdentifiedPerson):
    """Make ``person`` the identified person of ``request``'s session.

    The session key is changed (no session fixation: a key planted before
    the identification is worth nothing after it), and the session ends
    after the identified session's lifetime at the latest. Whatever else the
    session held (a staff login, the language) is kept.
    """
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        **asdict(person),
        "identified_at": person.identified_at.isoformat(),
    }
    request.session.set_expiry(settings.IDENTIFICATION_SESSION_SECONDS)


def current_person(request) -> IdentifiedPerson | None:
    """The person identified in this session, or None when no one is or the identification is too old."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        person = IdentifiedPerson(**{**data, "identified_at": datetime.fromisoformat(data["identified_at"])})
    except (TypeError, KeyError, ValueError):
        person = None
    lifetime = timedelta(seconds=settings.IDENTIFICATION_SESSION_SECONDS)
    if person is None or timezone.now() - person.identified_at >= lifetime:
        # The lifetime counts from the identification, not from the last
        # click: an old identification is forgotten, not prolonged.
        del request.session[SESSION_KEY]
        request.session.set_expiry(None)
        return None
    return person


def identified_within(request, seconds=None) -> bool:
    """True if the person identified within ``seconds`` (default ``IDENTIFICATION_FRESH_SECONDS``)."""
    person = current_person(request)
    if person is None:
        return False
    seconds = settings.IDENTIFICATION_FRESH_SECONDS if seconds is None else seconds
    return timezone.now() - person.identified_at < timedelta(seconds=seconds)


def sign_out(request):
    """Forget the identified person; a staff login or other state in the session stays."""
    if request.session.pop(SESSION_KEY, None) is not None:
        request.session.cycle_key()
        request.session.set_expiry(None)


def store_for_tests(session, person: IdentifiedPerson):
    """Put ``person`` into ``session`` as ``sign_in`` does, without a request (tests' helper only)."""
    session[SESSION_KEY] = {**asdict(person), "identified_at": person.identified_at.isoformat()}
    session.set_expiry(settings.IDENTIFICATION_SESSION_SECONDS)
