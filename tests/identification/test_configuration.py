"""Identification is off until it is configured, and says so; a half-done configuration is warned of."""

import json

import pytest
from django.urls import reverse

import identification
from identification.checks import configuration_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def unconfigured(settings):
    for name in (
        "IDENTIFICATION_ISSUER",
        "IDENTIFICATION_CLIENT_ID",
        "IDENTIFICATION_SIGNING_KEY",
        "IDENTIFICATION_ENCRYPTION_KEY",
    ):
        setattr(settings, name, "")


def test_identification_is_off_by_default(unconfigured):
    assert not identification.is_enabled()
    assert configuration_check(None) == []


@pytest.mark.parametrize(
    ("prefix", "text"),
    [
        ("", "Vahva sähköinen tunnistautuminen ei ole käytössä"),
        ("/sv", "Stark elektronisk identifiering används inte"),
        ("/en", "Strong electronic identification is not in use"),
    ],
)
def test_the_start_page_says_identification_is_not_in_use(client, unconfigured, prefix, text):
    path = {"": "/tunnistus/", "/sv": "/sv/identifiering/", "/en": "/en/identification/"}[prefix]

    response = client.get(path)

    assert response.status_code == 404
    assert text in response.content.decode()


def test_without_configuration_no_public_keys_are_served(client, unconfigured):
    assert client.get("/tunnistus/jwks.json").status_code == 404


def test_the_clinics_public_keys_are_served_at_a_fixed_address(client, provider, clinic_keys):
    response = client.get(reverse("identification_jwks"))

    keys = json.loads(response.content)["keys"]
    assert response["Content-Type"] == "application/jwk-set+json"
    assert [key["kid"] for key in keys] == [key.kid for key in clinic_keys]
    assert all("d" not in key for key in keys)


def test_a_partial_configuration_is_warned_of(settings, unconfigured):
    settings.IDENTIFICATION_ISSUER = "https://broker.example"

    warnings = configuration_check(None)

    assert [warning.id for warning in warnings] == ["identification.W001"]
    assert "IDENTIFICATION_CLIENT_ID" in warnings[0].msg
    assert not identification.is_enabled()


def test_an_unreadable_key_is_warned_of_and_keeps_identification_off(settings, provider):
    settings.IDENTIFICATION_SIGNING_KEY = '{"kty": "RSA"}'

    assert "identification.W002" in [warning.id for warning in configuration_check(None)]
    assert not identification.is_enabled()


def test_a_public_key_alone_is_not_enough(settings, provider, clinic_keys):
    settings.IDENTIFICATION_ENCRYPTION_KEY = json.dumps(clinic_keys[1].as_dict(private=False))

    assert not identification.is_enabled()
