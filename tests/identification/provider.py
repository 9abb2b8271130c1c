"""A local OpenID provider that plays an FTN broker for the tests (issue 12 item 2).

Started on loopback in a thread (a small WSGI app on wsgiref), built on the
same JOSE library as the clinic's side (joserfc), and strict about the FTN
profile (Traficom Recommendation 213/2023 S), so a test passes only if the
clinic keeps it:

- the authorization request must be a request object signed with a key of
  the clinic's statically configured public JWK set, naming the registered
  redirect URI, with state, nonce and a PKCE S256 challenge;
- the token request must carry a private_key_jwt assertion with ``kid`` and a
  ``jti`` never seen before (iss = sub = client id, aud the token endpoint or
  the issuer, not expired), the PKCE verifier and the same redirect URI;
- the ID token and the userinfo answer are signed with the provider's key
  and encrypted to the clinic's encryption key (nested JWS in JWE);
- discovery and the provider's JWK set are published, and the signing key
  can be rotated.

Its authorization endpoint shows a page listing the test persons (name and a
valid test personal identity code) with a button each, as a browser test
needs; tests that drive the flow with the Django test client preselect a
person instead and are sent straight back. ``faults`` makes it misbehave:

``wrong_key``        sign the ID token with another key under the published kid
``unknown_kid``      sign the ID token with an unpublished key and kid
``wrong_audience``   an ID token for another client
``wrong_issuer``     an ID token naming another issuer
``expired``          an ID token that expired five minutes ago
``replay_nonce``     put the nonce of the previous flow into the ID token
``plain_id_token``   a signed ID token that is not encrypted
``plain_userinfo``   userinfo as plain JSON
``signed_userinfo``  userinfo signed but not encrypted
``other_subject``    userinfo about another subject than the ID token
``low_level``        an ID token at a level of assurance below fLoA2
``no_identity_code`` no personal identity code in the answer
``foreign_encryption`` encrypt the ID token to a key that is not the clinic's
``garbage_id_token``   an ID token that is five dot-separated pieces of nothing
``alg_none``         an ID token "signed" with alg none (no signature), encrypted as usual
``cancel``           the person cancels at the provider (error=access_denied)
``hang``             the token endpoint answers after ``hang_seconds``
``token_error``      the token endpoint refuses the code (invalid_grant)
"""

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, generate_key

LEVEL = "http://ftn.ficora.fi/2017/loa2"


@dataclass(frozen=True)
class TestPerson:
    given_name: str
    family_name: str
    identity_code: str  # valid, with an individual number of the 900-999 test range where possible

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}"


PERSONS = [
    TestPerson("Sanna", "Testinen", "150385-9013"),
    TestPerson("Väinö", "Kokeilija", "020702A944W"),
    TestPerson("Åsa", "Provsson", "310199-9876"),
]


class ProviderRefused(Exception):
    """The clinic broke the profile; the text says how (shown on the provider's error page)."""


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class TestProvider:
    """An FTN broker on 127.0.0.1 for one test. ``start()``, then ``issuer``; ``stop()`` when done."""

    __test__ = False  # not a test class, whatever pytest thinks of its name

    def __init__(self, *, client_id, client_jwks, redirect_uri):
        self.client_id = client_id
        self.client_keys = KeySet.import_key_set(client_jwks)
        self.redirect_uri = redirect_uri
        self.signing_key = self._new_key()
        self.published = [self.signing_key]
        self.persons = list(PERSONS)
        self.preselected = None
        self.faults = set()
        self.hang_seconds = 3.0
        self.jwks_fetches = 0
        self.seen_nonces = []
        self.used_jtis = set()
        self.used_request_jtis = set()
        self.refusals = []  # what the provider refused, for the tests to read
        self._pending = {}  # ticket -> checked authorization request
        self._codes = {}  # code -> grant
        self._access_tokens = {}  # access token -> grant
        self._lock = threading.Lock()
        self._server = None
        self._port = None

    # --- running -------------------------------------------------------------------------------------

    def start(self):
        self._server = make_server(
            "127.0.0.1", 0, self._app, server_class=_Server, handler_class=_QuietHandler
        )
        self._port = self._server.server_address[1]
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self):
        """Stop answering: from now on a connection is refused (the broker is down)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def issuer(self):
        return f"http://127.0.0.1:{self._port}"

    @property
    def token_endpoint(self):
        return f"{self.issuer}/token"

    def preselect(self, person):
        """Send the person straight back as ``person`` (a TestPerson or an index), no page shown."""
        self.preselected = self.persons[person] if isinstance(person, int) else person

    def rotate_signing_key(self, *, keep_old=False):
        """Start signing with a new key (a new kid); the old one stays published if ``keep_old``."""
        self.signing_key = self._new_key()
        self.published = [self.signing_key, *(self.published if keep_old else [])]

    @staticmethod
    def _new_key():
        return generate_key("RSA", 2048, parameters={"use": "sig", "alg": "RS256"}, auto_kid=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- WSGI -------------------------------------------------------------------------------------------

    def _app(self, environ, start_response):
        path = environ["PATH_INFO"]
        method = environ["REQUEST_METHOD"]
        query = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        form = {}
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length).decode()
            form = {key: values[0] for key, values in parse_qs(body).items()}
        routes = {
            ("GET", "/.well-known/openid-configuration"): lambda: self._discovery(),
            ("GET", "/jwks"): lambda: self._jwks(),
            ("GET", "/authorize"): lambda: self._authorize(query),
            ("POST", "/choose"): lambda: self._choose(form),
            ("POST", "/token"): lambda: self._token(form),
            ("GET", "/userinfo"): lambda: self._userinfo(environ.get("HTTP_AUTHORIZATION", "")),
        }
        handler = routes.get((method, path))
        if handler is None:
            status, headers, body = "404 Not Found", [("Content-Type", "text/plain")], b"not found"
        else:
            try:
                status, headers, body = handler()
            except ProviderRefused as refusal:
                self.refusals.append(str(refusal))
                status, headers, body = self._json_error("400 Bad Request", "invalid_request", str(refusal))
        start_response(status, headers)
        return [body]

    @staticmethod
    def _json(data, status="200 OK"):
        return status, [("Content-Type", "application/json")], json.dumps(data).encode()

    def _json_error(self, status, error, description):
        return self._json({"error": error, "error_description": description}, status)

    @staticmethod
    def _redirect(location):
        return "302 Found", [("Location", location)], b""

    def _discovery(self):
        issuer = self.issuer
        return self._json(
            {
                "issuer": issuer,
                "authorization_endpoint": f"{issuer}/authorize",
                "token_endpoint": f"{issuer}/token",
                "userinfo_endpoint": f"{issuer}/userinfo",
                "jwks_uri": f"{issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "scopes_supported": ["openid", "profile", "personal_identity_code"],
                "acr_values_supported": [LEVEL, "http://ftn.ficora.fi/2017/loa3"],
                "code_challenge_methods_supported": ["S256"],
                "request_parameter_supported": True,
                "request_object_signing_alg_values_supported": ["RS256", "ES256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
                "token_endpoint_auth_signing_alg_values_supported": ["RS256", "ES256"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "id_token_encryption_alg_values_supported": ["RSA-OAEP", "ECDH-ES+A128KW"],
                "id_token_encryption_enc_values_supported": ["A128CBC-HS256"],
                "userinfo_signing_alg_values_supported": ["RS256"],
                "userinfo_encryption_alg_values_supported": ["RSA-OAEP", "ECDH-ES+A128KW"],
                "userinfo_encryption_enc_values_supported": ["A128CBC-HS256"],
                "ui_locales_supported": ["fi", "sv", "en"],
            }
        )

    def _jwks(self):
        with self._lock:
            self.jwks_fetches += 1
        return self._json(KeySet(list(self.published)).as_dict(private=False))

    # --- the clinic's signed JWTs --------------------------------------------------------------------

    def _verify_client_jwt(self, token, what):
        """The claims of a JWT the clinic signed with a key of its static JWK set (kid required)."""
        try:
            header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
        except (ValueError, IndexError):
            raise ProviderRefused(f"{what}: unreadable") from None
        if not header.get("kid"):
            raise ProviderRefused(f"{what}: no kid in the header")
        try:
            key = self.client_keys.get_by_kid(header["kid"], {"use": "sig", "alg": header.get("alg")})
            verified = jws.deserialize_compact(token, key, algorithms=["RS256", "ES256"])
        except (JoseError, ValueError) as error:
            raise ProviderRefused(f"{what}: signature not valid ({type(error).__name__})") from None
        claims = json.loads(verified.payload)
        if not isinstance(claims.get("exp"), int) or claims["exp"] < time.time():
            raise ProviderRefused(f"{what}: expired or no exp")
        return claims

    # --- authorization ----------------------------------------------------------------------------------

    def _authorize(self, query):
        if "request" not in query:
            raise ProviderRefused("the authorization request must be a signed request object (request=)")
        if query.get("client_id") != self.client_id:
            raise ProviderRefused("client_id outside the request object missing or wrong")
        claims = self._verify_client_jwt(query["request"], "request object")
        expected = {
            "iss": self.client_id,
            "aud": self.issuer,
            "client_id": self.client_id,
            "response_type": "code",
            "redirect_uri": self.redirect_uri,
            "code_challenge_method": "S256",
        }
        for name, value in expected.items():
            if claims.get(name) != value:
                raise ProviderRefused(f"request object: {name} is {claims.get(name)!r}, not {value!r}")
        if "openid" not in str(claims.get("scope", "")).split():
            raise ProviderRefused("request object: scope lacks openid")
        for name in ("state", "nonce", "code_challenge", "jti"):
            if not claims.get(name):
                raise ProviderRefused(f"request object: no {name}")
        if claims["jti"] in self.used_request_jtis:
            raise ProviderRefused("request object: jti used before")
        self.used_request_jtis.add(claims["jti"])
        if "cancel" in self.faults:
            return self._redirect(
                f"{self.redirect_uri}?{urlencode({'error': 'access_denied', 'state': claims['state']})}"
            )
        if self.preselected is not None:
            return self._redirect(self._issue_code(claims, self.preselected))
        ticket = secrets.token_urlsafe(16)
        with self._lock:
            self._pending[ticket] = claims
        return self._person_page(ticket, claims.get("ui_locales", "fi"))

    def _person_page(self, ticket, language):
        buttons = "\n".join(
            f'<li><button type="submit" name="person" value="{index}">'
            f"{html.escape(person.full_name)} ({html.escape(person.identity_code)})</button></li>"
            for index, person in enumerate(self.persons)
        )
        page = f"""<!DOCTYPE html>
<html lang="{html.escape(language)}"><head><meta charset="utf-8"><title>Test identification provider</title></head>
<body><h1>Test identification provider</h1>
<p>Choose the test person to identify as.</p>
<form method="post" action="/choose"><input type="hidden" name="ticket" value="{ticket}">
<ul>{buttons}</ul>
<button type="submit" name="person" value="cancel">Cancel</button>
</form></body></html>"""
        return "200 OK", [("Content-Type", "text/html; charset=utf-8")], page.encode()

    def _choose(self, form):
        with self._lock:
            claims = self._pending.pop(form.get("ticket", ""), None)
        if claims is None:
            raise ProviderRefused("unknown ticket")
        if form.get("person") == "cancel":
            return self._redirect(
                f"{self.redirect_uri}?{urlencode({'error': 'access_denied', 'state': claims['state']})}"
            )
        return self._redirect(self._issue_code(claims, self.persons[int(form["person"])]))

    def _issue_code(self, claims, person):
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = {"request": claims, "person": person, "issued": time.time()}
        return f"{claims['redirect_uri']}?{urlencode({'code': code, 'state': claims['state']})}"

    # --- token ------------------------------------------------------------------------------------------

    def _token(self, form):
        if "hang" in self.faults:
            time.sleep(self.hang_seconds)
        if form.get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
            raise ProviderRefused("token: private_key_jwt client authentication required")
        assertion = self._verify_client_jwt(form.get("client_assertion", ""), "client assertion")
        if assertion.get("iss") != self.client_id or assertion.get("sub") != self.client_id:
            raise ProviderRefused("client assertion: iss and sub must be the client id")
        if assertion.get("aud") not in (
            self.token_endpoint,
            self.issuer,
            [self.token_endpoint],
            [self.issuer],
        ):
            raise ProviderRefused("client assertion: aud must be the token endpoint or the issuer")
        jti = assertion.get("jti")
        with self._lock:
            if not jti or jti in self.used_jtis:
                raise ProviderRefused("client assertion: jti missing or used before")
            self.used_jtis.add(jti)
            grant = self._codes.pop(form.get("code", ""), None)
        if "token_error" in self.faults or grant is None:
            return self._json_error("400 Bad Request", "invalid_grant", "unknown or used code")
        request = grant["request"]
        if form.get("redirect_uri") != request["redirect_uri"]:
            raise ProviderRefused("token: redirect_uri differs from the authorization request's")
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or challenge != request["code_challenge"]:
            raise ProviderRefused("token: PKCE verifier does not match the S256 challenge")
        access_token = secrets.token_urlsafe(24)
        sub = f"test-{hashlib.sha256(grant['person'].identity_code.encode()).hexdigest()[:16]}"
        grant = {**grant, "sub": sub}
        with self._lock:
            self._access_tokens[access_token] = grant
        return self._json(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 600,
                "id_token": self._id_token(grant),
            }
        )

    def _person_claims(self, person):
        claims = {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "name": person.full_name,
        }
        if "no_identity_code" not in self.faults:
            claims["personal_identity_code"] = person.identity_code
        return claims

    def _id_token(self, grant):
        now = int(time.time())
        nonce = grant["request"]["nonce"]
        if "replay_nonce" in self.faults and self.seen_nonces:
            nonce = self.seen_nonces[-1]
        self.seen_nonces.append(grant["request"]["nonce"])
        claims = {
            "iss": "http://evil.example" if "wrong_issuer" in self.faults else self.issuer,
            "sub": grant["sub"],
            "aud": "someone-else" if "wrong_audience" in self.faults else self.client_id,
            "iat": now - 900 if "expired" in self.faults else now,
            "exp": now - 300 if "expired" in self.faults else now + 600,
            "auth_time": now,
            "nonce": nonce,
            "acr": "http://ftn.ficora.fi/2017/loa1" if "low_level" in self.faults else LEVEL,
            **self._person_claims(grant["person"]),
        }
        signed = self._sign(claims)
        if "plain_id_token" in self.faults:
            return signed
        if "garbage_id_token" in self.faults:
            return "eyJhbGciOiJSU0EtT0FFUCJ9.x.y.z.w"
        if "foreign_encryption" in self.faults:
            return self._encrypt(
                signed, key=generate_key("RSA", 2048, parameters={"use": "enc"}, auto_kid=True)
            )
        return self._encrypt(signed)

    def _sign(self, claims):
        if "alg_none" in self.faults:
            encode = lambda data: base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()  # noqa: E731
            return f"{encode({'alg': 'none', 'typ': 'JWT'})}.{encode(claims)}."
        key, kid = self.signing_key, self.signing_key.kid
        if "wrong_key" in self.faults:
            key = self._new_key()
        elif "unknown_kid" in self.faults:
            key = self._new_key()
            kid = key.kid
        header = {"alg": "RS256", "kid": kid, "typ": "JWT"}
        return jws.serialize_compact(header, json.dumps(claims), key)

    def _encrypt(self, signed, key=None):
        key = key or next(key for key in self.client_keys if key.get("use") == "enc")
        alg = "RSA-OAEP" if key.key_type == "RSA" else "ECDH-ES+A128KW"
        header = {"alg": alg, "enc": "A128CBC-HS256", "cty": "JWT", "kid": key.kid}
        return jwe.encrypt_compact(header, signed, key, algorithms=[alg, "A128CBC-HS256"])

    # --- userinfo ---------------------------------------------------------------------------------------

    def _userinfo(self, authorization):
        token = authorization.removeprefix("Bearer ").strip()
        with self._lock:
            grant = self._access_tokens.get(token)
        if grant is None:
            return "401 Unauthorized", [("WWW-Authenticate", 'Bearer error="invalid_token"')], b""
        claims = {
            "sub": "someone-else" if "other_subject" in self.faults else grant["sub"],
            "iss": self.issuer,
            "aud": self.client_id,
            **self._person_claims(grant["person"]),
        }
        if "plain_userinfo" in self.faults:
            return self._json(claims)
        signed = self._sign(claims)
        body = signed if "signed_userinfo" in self.faults else self._encrypt(signed)
        return "200 OK", [("Content-Type", "application/jwt")], body.encode()


def configure(settings, provider, signing_key, encryption_key):
    """Point the clinic's settings (pytest-django's ``settings``) at ``provider`` with the given keys."""
    settings.IDENTIFICATION_ISSUER = provider.issuer
    settings.IDENTIFICATION_CLIENT_ID = provider.client_id
    settings.IDENTIFICATION_SIGNING_KEY = json.dumps(signing_key.as_dict(private=True))
    settings.IDENTIFICATION_ENCRYPTION_KEY = json.dumps(encryption_key.as_dict(private=True))
    settings.IDENTIFICATION_HTTP_TIMEOUT = 1.0
