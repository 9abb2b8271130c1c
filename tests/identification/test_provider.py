"""The local provider holds the clinic to the FTN profile: what the clinic sends is what a broker demands."""

import base64
import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from joserfc import jws
from joserfc.jwk import generate_key

from identification import broker, flows


@pytest.fixture
def flow(provider):
    return flows.start({}, redirect_uri=provider.redirect_uri, next_path="", language="sv")


def request_object(url):
    token = parse_qs(urlsplit(url).query)["request"][0]
    return json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))


def code_for(url):
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]


def post_token(provider, flow, code, **changes):
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow.redirect_uri,
        "code_verifier": flow.code_verifier,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": broker.client_assertion(provider.token_endpoint),
        **changes,
    }
    return requests.post(provider.token_endpoint, data=data, timeout=5)


def test_the_request_object_carries_state_nonce_pkce_level_and_language(provider, flow):
    claims = request_object(broker.authorization_url(flow))

    assert claims["state"] == flow.state and claims["nonce"] == flow.nonce
    assert (claims["code_challenge"], claims["code_challenge_method"]) == (flow.code_challenge, "S256")
    assert claims["acr_values"] == "http://ftn.ficora.fi/2017/loa2"
    assert claims["ui_locales"] == "sv"
    assert claims["iss"] == claims["client_id"] == provider.client_id
    assert claims["aud"] == provider.issuer


def test_an_authorization_request_without_a_request_object_is_refused(provider):
    url = f"{provider.issuer}/authorize?client_id={provider.client_id}&response_type=code&scope=openid"

    assert requests.get(url, allow_redirects=False, timeout=5).status_code == 400


def test_a_request_object_signed_with_another_key_is_refused(provider, flow):
    claims = request_object(broker.authorization_url(flow))
    stranger = generate_key("RSA", 2048, auto_kid=True)
    forged = jws.serialize_compact({"alg": "RS256", "kid": stranger.kid}, json.dumps(claims), stranger)
    url = f"{provider.issuer}/authorize?client_id={provider.client_id}&request={forged}"

    assert requests.get(url, allow_redirects=False, timeout=5).status_code == 400
    assert "request object: signature not valid" in provider.refusals[-1]


def test_a_request_object_is_accepted_once(provider, flow):
    provider.preselect(0)
    url = broker.authorization_url(flow)
    code_for(url)

    assert requests.get(url, allow_redirects=False, timeout=5).status_code == 400
    assert provider.refusals[-1] == "request object: jti used before"


def test_the_token_endpoint_wants_the_pkce_verifier(provider, flow):
    provider.preselect(0)
    code = code_for(broker.authorization_url(flow))

    assert post_token(provider, flow, code, code_verifier="guessed" * 8).status_code == 400
    assert "PKCE" in provider.refusals[-1]


def test_the_token_endpoint_wants_a_fresh_client_assertion(provider, flow):
    provider.preselect(0)
    assertion = broker.client_assertion(provider.token_endpoint)
    first = post_token(provider, flow, code_for(broker.authorization_url(flow)), client_assertion=assertion)
    assert first.status_code == 200

    again = flows.start({}, redirect_uri=provider.redirect_uri, next_path="", language="fi")
    second = post_token(
        provider, again, code_for(broker.authorization_url(again)), client_assertion=assertion
    )

    assert second.status_code == 400
    assert provider.refusals[-1] == "client assertion: jti missing or used before"


def test_the_client_assertion_names_its_key(provider):
    header = json.loads(
        base64.urlsafe_b64decode(broker.client_assertion(provider.token_endpoint).split(".")[0] + "==")
    )

    assert header["kid"] and header["alg"] == "RS256"


def test_the_id_token_is_encrypted_to_the_clinic_and_signed_inside(provider, flow):
    provider.preselect(0)
    tokens = post_token(provider, flow, code_for(broker.authorization_url(flow))).json()

    assert tokens["id_token"].count(".") == 4
    assert broker.open_token(tokens["id_token"])["nonce"] == flow.nonce
