"""Talking to the FTN broker: the signed request, the token exchange and the checks of its answers.

Every network call has the short ``IDENTIFICATION_HTTP_TIMEOUT``; every
answer is checked before anything of it is used, and each way it can be
wrong raises ``IdentificationFailed`` with a reason of its own, which the
audit entry records and the page turns into a message a person can act on.

The broker's discovery document and signing keys are kept in the shared
cache (every app server sees the same, nothing on local disk). A token
signed with a ``kid`` the cached keys lack makes one fresh fetch of the
broker's JWK set (the broker rotated its key), at most one per
``REFETCH_SECONDS`` for the whole site, so forged tokens with made-up kids
cannot make the clinic hammer the broker.
"""

import contextlib
import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from joserfc import jwe, jws
from joserfc.errors import BadSignatureError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.util import urlsafe_b64decode

from identification import config

METADATA_SECONDS = 60 * 60
JWKS_SECONDS = 60 * 60
REFETCH_SECONDS = 60
# Clock difference tolerated between the broker and the clinic.
LEEWAY_SECONDS = 60
# An ID token older than this is not a fresh identification.
MAX_TOKEN_AGE_SECONDS = 10 * 60
ASSERTION_SECONDS = 60
REQUEST_OBJECT_SECONDS = 10 * 60

# S9: the claims that may carry the personal identity code. The FTN profile
# and most brokers name it personal_identity_code; some brokers use hetu.
IDENTITY_CODE_CLAIMS = ("personal_identity_code", "hetu")
# A higher level than the one asked for is as good (fLoA3 ⊇ fLoA2).
HIGHER_LEVELS = {"http://ftn.ficora.fi/2017/loa2": ["http://ftn.ficora.fi/2017/loa3"]}


class Reason(models.TextChoices):
    """Why an identification failed, as the audit trail records it."""

    CANCELLED = "cancelled", _("cancelled by the person")
    BROKER_REFUSED = "broker_refused", _("refused by the identification service")
    UNKNOWN_STATE = "unknown_state", _("unknown, used or expired state")
    BROKER_UNREACHABLE = "broker_unreachable", _("the identification service could not be reached")
    BROKER_TIMEOUT = "broker_timeout", _("the identification service did not answer in time")
    BROKER_ERROR = "broker_error", _("the identification service gave an unusable answer")
    NOT_ENCRYPTED = "not_encrypted", _("token not encrypted")
    NOT_DECRYPTABLE = "not_decryptable", _("token not encrypted to the clinic's key")
    NOT_SIGNED = "not_signed", _("token not signed")
    UNKNOWN_KEY = "unknown_key", _("token signed with an unknown key")
    BAD_SIGNATURE = "bad_signature", _("bad signature")
    WRONG_ISSUER = "wrong_issuer", _("wrong issuer")
    WRONG_AUDIENCE = "wrong_audience", _("wrong audience")
    EXPIRED = "expired", _("expired token")
    BAD_TIME = "bad_time", _("token issued at an impossible time")
    WRONG_NONCE = "wrong_nonce", _("wrong or replayed nonce")
    WRONG_SUBJECT = "wrong_subject", _("userinfo about another subject")
    INSUFFICIENT_LEVEL = "insufficient_level", _("level of assurance not accepted")
    NO_IDENTITY_CODE = "no_identity_code", _("no valid personal identity code")


class IdentificationFailed(Exception):
    """The identification cannot be accepted; ``reason`` is a ``Reason``, ``detail`` for the log only.

    ``detail`` never holds a token or a claim value (S9): only what was wrong.
    """

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = Reason(reason)
        self.detail = detail


@dataclass(frozen=True)
class BrokerAnswer:
    """What the broker vouched for. Held in memory only: the code never goes further than ``person_key``."""

    personal_identity_code: str
    given_name: str
    family_name: str
    acr: str

    def __repr__(self):
        # S9: a traceback or a debug log must not print the identity code.
        return f"BrokerAnswer(acr={self.acr!r})"


# --- HTTP --------------------------------------------------------------------------------------------


def _http(method, url, **kwargs):
    try:
        response = requests.request(method, url, timeout=settings.IDENTIFICATION_HTTP_TIMEOUT, **kwargs)
    except requests.Timeout:
        raise IdentificationFailed(Reason.BROKER_TIMEOUT, url) from None
    except requests.ConnectionError:
        raise IdentificationFailed(Reason.BROKER_UNREACHABLE, url) from None
    except requests.RequestException as error:
        raise IdentificationFailed(Reason.BROKER_ERROR, f"{url}: {type(error).__name__}") from None
    return response


def _json(response, url):
    if response.status_code != 200:
        error = ""
        with contextlib.suppress(ValueError, AttributeError):
            error = str(response.json().get("error", ""))[:100]
        raise IdentificationFailed(Reason.BROKER_ERROR, f"{url}: HTTP {response.status_code} {error}".strip())
    try:
        data = response.json()
    except ValueError:
        raise IdentificationFailed(Reason.BROKER_ERROR, f"{url}: not JSON") from None
    if not isinstance(data, dict):
        raise IdentificationFailed(Reason.BROKER_ERROR, f"{url}: not a JSON object")
    return data


# --- Discovery and the broker's keys -------------------------------------------------------------------


def metadata():
    """The broker's discovery document (``issuer/.well-known/openid-configuration``), cached."""
    cache_key = f"identification:metadata:{config.issuer()}"
    data = cache.get(cache_key)
    if data is None:
        url = f"{config.issuer()}/.well-known/openid-configuration"
        data = _json(_http("GET", url), url)
        # OpenID Connect Discovery 4.3: the document must name the issuer we asked.
        if str(data.get("issuer", "")).rstrip("/") != config.issuer():
            raise IdentificationFailed(Reason.BROKER_ERROR, "discovery names another issuer")
        for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(data.get(endpoint), str):
                raise IdentificationFailed(Reason.BROKER_ERROR, f"discovery lacks {endpoint}")
        cache.set(cache_key, data, METADATA_SECONDS)
    return data


def broker_keys(*, fresh=False):
    """The broker's public signing keys from its ``jwks_uri``, cached unless ``fresh``."""
    cache_key = f"identification:jwks:{config.issuer()}"
    data = None if fresh else cache.get(cache_key)
    if data is None:
        url = metadata()["jwks_uri"]
        data = _json(_http("GET", url), url)
        try:
            KeySet.import_key_set(data)
        except (JoseError, ValueError, TypeError, KeyError):
            raise IdentificationFailed(Reason.BROKER_ERROR, "the broker's JWK set cannot be read") from None
        cache.set(cache_key, data, JWKS_SECONDS)
    keys = KeySet.import_key_set(data)
    return KeySet([key for key in keys if key.get("use") in (None, "sig") and not key.is_private])


def broker_key(kid, alg):
    """The broker's key named ``kid`` for ``alg``; a kid not known yet makes one (bounded) fresh fetch."""
    parameters = {"alg": alg, "use": "sig"}
    try:
        return broker_keys().get_by_kid(kid, parameters)
    except InvalidKeyIdError:
        pass
    if cache.add(f"identification:jwks-refetched:{config.issuer()}", True, REFETCH_SECONDS):
        try:
            return broker_keys(fresh=True).get_by_kid(kid, parameters)
        except InvalidKeyIdError:
            pass
    raise IdentificationFailed(Reason.UNKNOWN_KEY, f"kid {kid!r}")


# --- The request --------------------------------------------------------------------------------------


def _sign(claims, *, typ):
    key = config.signing_key()
    header = {"alg": config.signing_algorithm(key), "kid": key.kid, "typ": typ}
    return jws.serialize_compact(header, json.dumps(claims, separators=(",", ":")), key)


def accepted_levels():
    levels = list(settings.IDENTIFICATION_ACR_VALUES)
    for level in settings.IDENTIFICATION_ACR_VALUES:
        levels += [higher for higher in HIGHER_LEVELS.get(level, []) if higher not in levels]
    return levels


def authorization_url(flow):
    """Where to send the person: the broker's authorization endpoint with a signed request object (JAR)."""
    now = int(time.time())
    client_id = settings.IDENTIFICATION_CLIENT_ID
    scope = settings.IDENTIFICATION_SCOPE
    request_object = {
        "iss": client_id,
        "aud": metadata().get("issuer", config.issuer()),
        "iat": now,
        "nbf": now,
        "exp": now + REQUEST_OBJECT_SECONDS,
        "jti": secrets.token_urlsafe(24),
        "client_id": client_id,
        "response_type": "code",
        "redirect_uri": flow.redirect_uri,
        "scope": scope,
        "state": flow.state,
        "nonce": flow.nonce,
        "code_challenge": flow.code_challenge,
        "code_challenge_method": "S256",
        "acr_values": " ".join(settings.IDENTIFICATION_ACR_VALUES),
        "ui_locales": flow.language,
    }
    # RFC 9101 and OpenID Connect: client_id, response_type and scope are
    # repeated outside the request object; everything else is only inside it.
    query = {
        "client_id": client_id,
        "response_type": "code",
        "scope": scope,
        "request": _sign(request_object, typ="oauth-authz-req+jwt"),
    }
    endpoint = metadata()["authorization_endpoint"]
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


def client_assertion(token_endpoint):
    """The private_key_jwt assertion (RFC 7523) for one call to the token endpoint: ``kid`` in the header, a new ``jti``."""
    now = int(time.time())
    client_id = settings.IDENTIFICATION_CLIENT_ID
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": token_endpoint,
        "jti": secrets.token_urlsafe(24),
        "iat": now,
        "exp": now + ASSERTION_SECONDS,
    }
    return _sign(claims, typ="JWT")


# --- The answer ---------------------------------------------------------------------------------------


def identify(flow, code):
    """Exchange ``code`` for the person's identity, checking every token; returns a ``BrokerAnswer``."""
    meta = metadata()
    token_endpoint = meta["token_endpoint"]
    response = _http(
        "POST",
        token_endpoint,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": flow.redirect_uri,
            "code_verifier": flow.code_verifier,
            "client_id": settings.IDENTIFICATION_CLIENT_ID,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": client_assertion(token_endpoint),
        },
        headers={"Accept": "application/json"},
    )
    tokens = _json(response, token_endpoint)
    if not isinstance(tokens.get("id_token"), str):
        raise IdentificationFailed(Reason.BROKER_ERROR, "no id_token")
    id_claims = check_id_token(open_token(tokens["id_token"]), flow)
    claims = dict(id_claims)
    userinfo_endpoint = meta.get("userinfo_endpoint")
    if userinfo_endpoint:
        if not isinstance(tokens.get("access_token"), str):
            raise IdentificationFailed(Reason.BROKER_ERROR, "no access_token")
        claims.update(userinfo(userinfo_endpoint, tokens["access_token"], id_claims))
    code_value = next((claims[name] for name in IDENTITY_CODE_CLAIMS if claims.get(name)), None)
    if not isinstance(code_value, str):
        raise IdentificationFailed(Reason.NO_IDENTITY_CODE)
    return BrokerAnswer(
        personal_identity_code=code_value,
        given_name=str(claims.get("given_name", "")),
        family_name=str(claims.get("family_name", "")),
        acr=str(id_claims.get("acr", "")),
    )


def userinfo(endpoint, access_token, id_claims):
    """The userinfo answer: encrypted and signed like the ID token, about the same subject."""
    response = _http(
        "GET",
        endpoint,
        headers={"Authorization": f"Bearer {access_token}", "Accept": "application/jwt"},
    )
    if response.status_code != 200:
        _json(response, endpoint)  # raises with the status
    body = response.text.strip()
    if response.headers.get("Content-Type", "").split(";")[0].strip() == "application/json":
        raise IdentificationFailed(Reason.NOT_ENCRYPTED, "userinfo as plain JSON")
    claims = open_token(body)
    if claims.get("sub") != id_claims["sub"]:
        raise IdentificationFailed(Reason.WRONG_SUBJECT)
    if "iss" in claims and claims["iss"] != id_claims["iss"]:
        raise IdentificationFailed(Reason.WRONG_ISSUER, "userinfo")
    if "aud" in claims:
        _check_audience(claims)
    if "exp" in claims and _number(claims["exp"]) <= time.time() - LEEWAY_SECONDS:
        raise IdentificationFailed(Reason.EXPIRED, "userinfo")
    return claims


def open_token(token):
    """The claims of a nested token: decrypted with the clinic's key, then verified with the broker's.

    A token that is only signed (three parts) is refused: the profile wants
    the person's data encrypted to the clinic, end to end.
    """
    if not isinstance(token, str) or not token:
        raise IdentificationFailed(Reason.BROKER_ERROR, "empty token")
    parts = token.count(".")
    if parts == 2:
        raise IdentificationFailed(Reason.NOT_ENCRYPTED)
    if parts != 4:
        raise IdentificationFailed(Reason.BROKER_ERROR, "not a compact JWE")
    signed = _decrypt(token)
    if signed.count(".") != 2:
        raise IdentificationFailed(Reason.NOT_SIGNED)
    header = _header(signed)
    alg = header.get("alg")
    if alg not in config.ACCEPTED_SIGNING_ALGORITHMS:
        raise IdentificationFailed(Reason.NOT_SIGNED, f"alg {alg!r}")
    key = broker_key(header.get("kid"), alg)
    try:
        verified = jws.deserialize_compact(signed, key, algorithms=[alg])
    except BadSignatureError:
        raise IdentificationFailed(Reason.BAD_SIGNATURE) from None
    except (JoseError, ValueError, TypeError, KeyError):
        raise IdentificationFailed(Reason.BAD_SIGNATURE, "malformed JWS") from None
    try:
        claims = json.loads(verified.payload)
    except ValueError:
        raise IdentificationFailed(Reason.BROKER_ERROR, "claims not JSON") from None
    if not isinstance(claims, dict):
        raise IdentificationFailed(Reason.BROKER_ERROR, "claims not an object")
    return claims


def _decrypt(token):
    header = _header(token)
    keys = list(config.encryption_keys())
    # The key the broker names first; then the others (a retired key's tail).
    keys.sort(key=lambda key: key.kid != header.get("kid"))
    for key in keys:
        try:
            plaintext = jwe.decrypt_compact(
                token, key, algorithms=config.ACCEPTED_ENCRYPTION_ALGORITHMS
            ).plaintext
        except (JoseError, ValueError, TypeError, KeyError):
            continue
        try:
            return plaintext.decode("ascii")
        except UnicodeDecodeError:
            raise IdentificationFailed(Reason.NOT_SIGNED, "plaintext is not a JWS") from None
    raise IdentificationFailed(Reason.NOT_DECRYPTABLE, f"alg {header.get('alg')!r} kid {header.get('kid')!r}")


def _header(token):
    try:
        header = json.loads(urlsafe_b64decode(token.split(".")[0].encode("ascii")))
    except (ValueError, UnicodeError):
        raise IdentificationFailed(Reason.BROKER_ERROR, "unreadable JOSE header") from None
    if not isinstance(header, dict):
        raise IdentificationFailed(Reason.BROKER_ERROR, "JOSE header not an object")
    return header


def _number(value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise IdentificationFailed(Reason.BAD_TIME, "a time is not a number")
    return value


def _check_audience(claims):
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    client_id = settings.IDENTIFICATION_CLIENT_ID
    if client_id not in audiences:
        raise IdentificationFailed(Reason.WRONG_AUDIENCE)
    # OpenID Connect Core 3.1.3.7: with several audiences, azp names us.
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise IdentificationFailed(Reason.WRONG_AUDIENCE, "azp")


def check_id_token(claims, flow):
    """OpenID Connect Core 3.1.3.7: issuer, audience, times, nonce (once only) and level."""
    now = time.time()
    if claims.get("iss") != metadata().get("issuer"):
        raise IdentificationFailed(Reason.WRONG_ISSUER)
    _check_audience(claims)
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise IdentificationFailed(Reason.BROKER_ERROR, "no sub")
    if "exp" not in claims or _number(claims["exp"]) <= now - LEEWAY_SECONDS:
        raise IdentificationFailed(Reason.EXPIRED)
    if "iat" not in claims:
        raise IdentificationFailed(Reason.BAD_TIME, "no iat")
    issued = _number(claims["iat"])
    if issued > now + LEEWAY_SECONDS:
        raise IdentificationFailed(Reason.BAD_TIME, "iat in the future")
    if issued < now - MAX_TOKEN_AGE_SECONDS:
        raise IdentificationFailed(Reason.EXPIRED, "iat too old")
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not secrets.compare_digest(nonce, flow.nonce):
        raise IdentificationFailed(Reason.WRONG_NONCE)
    # A nonce is accepted once, whichever session brings it back.
    seen = f"identification:nonce:{hashlib.sha256(nonce.encode()).hexdigest()}"
    if not cache.add(seen, True, MAX_TOKEN_AGE_SECONDS + LEEWAY_SECONDS):
        raise IdentificationFailed(Reason.WRONG_NONCE, "nonce used before")
    if claims.get("acr") not in accepted_levels():
        raise IdentificationFailed(Reason.INSUFFICIENT_LEVEL, f"acr {claims.get('acr')!r}")
    return claims
