"""Identifications under way, kept in the visitor's session until the broker sends them back.

A flow is what the callback needs to check the broker's answer: the
``state`` that names it, the ``nonce`` the ID token must carry, the PKCE
verifier, the redirect URI given, where to go afterwards and the page's
language. The session holds a few flows at once, keyed by state, so that two
tabs identifying at the same time each come back to their own; a flow is
used once and is worth nothing after ``FLOW_SECONDS``.

Nothing here is personal data: random values, a local path and a language.
"""

import base64
import hashlib
import secrets
import time
from dataclasses import asdict, dataclass

SESSION_KEY = "identification_flows"
FLOW_SECONDS = 10 * 60
MAX_FLOWS = 5


@dataclass(frozen=True)
class Flow:
    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    next: str
    language: str
    started: float

    @property
    def code_challenge(self):
        """PKCE S256 (RFC 7636): the verifier's SHA-256, base64url without padding."""
        digest = hashlib.sha256(self.code_verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def start(session, *, redirect_uri, next_path, language, now=None):
    """A new flow, stored in ``session``; the oldest go when there are more than ``MAX_FLOWS``."""
    now = time.time() if now is None else now
    flow = Flow(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(48),
        redirect_uri=redirect_uri,
        next=next_path,
        language=language,
        started=now,
    )
    flows = _current(session, now)
    flows[flow.state] = asdict(flow)
    while len(flows) > MAX_FLOWS:
        del flows[min(flows, key=lambda state: flows[state]["started"])]
    session[SESSION_KEY] = flows
    return flow


def take(session, state, now=None):
    """The flow named ``state``, removed from ``session`` (a flow is used once), or None."""
    now = time.time() if now is None else now
    flows = _current(session, now)
    data = flows.pop(state, None) if isinstance(state, str) else None
    if flows:
        session[SESSION_KEY] = flows
    else:
        session.pop(SESSION_KEY, None)
    return Flow(**data) if data else None


def latest_language(session, now=None):
    """The language of the newest flow under way in ``session``, or None."""
    flows = _current(session, time.time() if now is None else now)
    if not flows:
        return None
    return max(flows.values(), key=lambda data: data["started"]).get("language")


def _current(session, now):
    flows = session.get(SESSION_KEY)
    if not isinstance(flows, dict):
        return {}
    return {
        state: data
        for state, data in flows.items()
        if isinstance(data, dict) and now - data.get("started", 0) < FLOW_SECONDS
    }
