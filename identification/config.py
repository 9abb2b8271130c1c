"""The clinic's side of the configuration: the broker, the client id and the clinic's static JWK sets.

Each key setting (``IDENTIFICATION_SIGNING_KEY``, ``IDENTIFICATION_ENCRYPTION_KEY``)
holds a private JWK or a JWK set as JSON, or the path of a file holding it.
A set lets keys be rotated as the FTN brokers ask: the first signing key
signs and every signing key is published while the broker may still hold
an old one; the first encryption key is published and every one decrypts,
so tokens encrypted to a key just retired still open.
"""

import functools
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

# The profile's algorithms (the FTN brokers sign with RS256; ES256 and PS256
# are accepted too), by the kind of the clinic's own signing key.
SIGNING_ALGORITHMS = {"RSA": "RS256", "EC": "ES256"}
ACCEPTED_SIGNING_ALGORITHMS = ["RS256", "PS256", "ES256"]
ACCEPTED_ENCRYPTION_ALGORITHMS = [
    "RSA-OAEP",
    "RSA-OAEP-256",
    "ECDH-ES",
    "ECDH-ES+A128KW",
    "ECDH-ES+A256KW",
    "A128CBC-HS256",
    "A256CBC-HS512",
    "A128GCM",
    "A256GCM",
]


class KeyProblem(ImproperlyConfigured):
    """A key setting that cannot be read as a private JWK (set)."""


def is_configured():
    """True when the issuer, the client id, both keys (readable) and the identity-code key are all set."""
    if missing_settings():
        return False
    try:
        signing_keys()
        encryption_keys()
    except KeyProblem:
        return False
    return True


def missing_settings():
    """The names of the settings identification still needs, in the README's order."""
    wanted = {
        "IDENTIFICATION_ISSUER": settings.IDENTIFICATION_ISSUER,
        "IDENTIFICATION_CLIENT_ID": settings.IDENTIFICATION_CLIENT_ID,
        "IDENTIFICATION_SIGNING_KEY": settings.IDENTIFICATION_SIGNING_KEY,
        "IDENTIFICATION_ENCRYPTION_KEY": settings.IDENTIFICATION_ENCRYPTION_KEY,
        "PERSON_ID_HMAC_KEY": settings.PERSON_ID_HMAC_KEY,
    }
    return [name for name, value in wanted.items() if not value]


def issuer():
    return settings.IDENTIFICATION_ISSUER.rstrip("/")


def signing_keys():
    """The clinic's private signing keys; the first one signs."""
    return _key_set(settings.IDENTIFICATION_SIGNING_KEY, "sig", "IDENTIFICATION_SIGNING_KEY")


def encryption_keys():
    """The clinic's private decryption keys; the first one is published."""
    return _key_set(settings.IDENTIFICATION_ENCRYPTION_KEY, "enc", "IDENTIFICATION_ENCRYPTION_KEY")


def signing_key():
    return signing_keys().keys[0]


def signing_algorithm(key=None):
    key = key or signing_key()
    return key.get("alg") or SIGNING_ALGORITHMS[key.key_type]


def public_jwks():
    """The clinic's public JWK set for the broker: every signing key and the current encryption key."""
    keys = [*signing_keys().keys, encryption_keys().keys[0]]
    return {"keys": [key.as_dict(private=False) for key in keys]}


def _key_set(value, use, name):
    return _parse_key_set(value, use, name)


@functools.lru_cache(maxsize=8)
def _parse_key_set(value, use, name):
    # Parsed once per process for each value: the settings do not change
    # while it runs, and parsing an RSA key costs a few milliseconds.
    if not value:
        raise KeyProblem(f"{name} is not set.")
    text = value.strip()
    if not text.startswith("{"):
        try:
            text = Path(text).read_text(encoding="utf-8")
        except OSError as error:
            raise KeyProblem(f"{name}: the key file cannot be read ({error}).") from None
    try:
        data = json.loads(text)
        keys = KeySet.import_key_set(data if "keys" in data else {"keys": [data]})
    except (ValueError, TypeError, KeyError, JoseError) as error:
        raise KeyProblem(f"{name} is not a JWK or a JWK set in JSON ({error}).") from None
    for key in keys:
        if not key.is_private:
            raise KeyProblem(f"{name}: the key {key.kid} has no private part.")
        if key.key_type not in SIGNING_ALGORITHMS:
            raise KeyProblem(f"{name}: the key {key.kid} is neither RSA nor EC.")
        if key.get("use") not in (None, use):
            raise KeyProblem(f"{name}: the key {key.kid} is marked for use {key.get('use')!r}, not {use!r}.")
    return keys
