"""The broker's signing keys come from its jwks_uri, cached, and fetched again when it rotates them."""

import pytest

from identification.session import SESSION_KEY
from tests.identification.helpers import identify

pytestmark = pytest.mark.django_db


def test_the_brokers_keys_are_fetched_once_and_then_taken_from_the_cache(client, provider):
    identify(client, provider)
    identify(client, provider)

    assert provider.jwks_fetches == 1


def test_a_token_signed_with_the_brokers_new_key_is_accepted_after_one_fresh_fetch(client, provider):
    identify(client, provider)
    provider.rotate_signing_key()

    response = identify(client, provider, person=1)

    assert response.status_code == 302
    assert client.session[SESSION_KEY]["given_name"] == "Väinö"
    assert provider.jwks_fetches == 2


def test_while_both_keys_are_published_the_old_one_still_verifies(client, provider):
    identify(client, provider)
    old_key = provider.signing_key
    provider.rotate_signing_key(keep_old=True)
    provider.signing_key = old_key  # the broker still signs with the old key in its cool-down

    assert identify(client, provider).status_code == 302


def test_unknown_kids_make_at_most_one_fresh_fetch_a_minute(client, provider):
    identify(client, provider)
    provider.faults.add("unknown_kid")

    for _ in range(3):
        assert identify(client, provider).status_code == 502

    assert provider.jwks_fetches == 2
