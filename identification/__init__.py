"""Strong electronic identification (vahva sähköinen tunnistus) over OpenID Connect (issue 12, S34).

The clinic is a relying party of a broker in the Finnish Trust Network
(FTN), as Traficom's Recommendation 213/2023 S (the FTN OpenID Connect
profile) requires of one:

- the authorization request travels as a signed request object (JAR, the
  ``request`` parameter), with ``state``, ``nonce`` and PKCE (S256);
- the clinic authenticates to the token endpoint with ``private_key_jwt``
  (an assertion with ``kid`` and ``jti``);
- the ID token and the userinfo answer come signed by the broker and
  encrypted to the clinic's key (a JWE holding a JWS); a plain one is refused;
- the clinic's keys are static JWK sets from the environment
  (``make_identification_keys`` makes them); the broker's signing keys come
  from its ``jwks_uri``, cached and fetched again when a new ``kid`` appears.

What other apps use (the interface, all in ``identification.session``):
``person_key(code)``, ``sign_in(request, person)``, ``current_person(request)``,
``identified_within(request, seconds=None)`` and ``sign_out(request)``;
``is_enabled()`` below tells templates whether to offer identification at all.

S9: the personal identity code (henkilötunnus) is never stored — not in
the session, the database, a log line or the audit trail. Only its keyed
hash (``person_key``) is kept, with the name, in the session for its short
lifetime.
"""


def is_enabled():
    """True when the broker and the clinic's keys are configured; until then identification is off."""
    from identification import config

    return config.is_configured()
