"""make_identification_keys prints the clinic's private keys for the environment and the public JWK set."""

import io
import json

import pytest
from django.core.management import call_command

import identification
from identification import config


def run(*args):
    out = io.StringIO()
    call_command("make_identification_keys", *args, stdout=out)
    lines = out.getvalue().splitlines()
    env = dict(line.split("=", 1) for line in lines if line.startswith("IDENTIFICATION_"))
    start = lines.index("{")
    end = len(lines) - 1 - lines[::-1].index("}")
    return (
        {name: json.loads(value.strip("'")) for name, value in env.items()},
        json.loads("\n".join(lines[start : end + 1])),
        lines[-1],
    )


@pytest.mark.parametrize(("args", "kty", "alg"), [((), "RSA", "RS256"), (("--ec",), "EC", "ES256")])
def test_the_command_prints_a_signing_and_an_encryption_key_and_their_public_set(settings, args, kty, alg):
    env, public, summary = run(*args)

    signing, encryption = env["IDENTIFICATION_SIGNING_KEY"], env["IDENTIFICATION_ENCRYPTION_KEY"]
    assert (signing["use"], signing["alg"], encryption["use"]) == ("sig", alg, "enc")
    assert signing["kty"] == encryption["kty"] == kty
    assert "d" in signing and "d" in encryption
    assert [key["kid"] for key in public["keys"]] == [signing["kid"], encryption["kid"]]
    assert all("d" not in key and "p" not in key for key in public["keys"])
    assert summary.startswith("Made a signing key")

    settings.IDENTIFICATION_ISSUER = "https://broker.example"
    settings.IDENTIFICATION_CLIENT_ID = "kanalinhelmi"
    settings.IDENTIFICATION_SIGNING_KEY = json.dumps(signing)
    settings.IDENTIFICATION_ENCRYPTION_KEY = json.dumps(encryption)
    assert identification.is_enabled()
    assert config.public_jwks() == public


def test_rsa_keys_are_3072_bits():
    import base64

    env, _public, _summary = run()

    modulus = env["IDENTIFICATION_SIGNING_KEY"]["n"]
    assert len(base64.urlsafe_b64decode(modulus + "==")) * 8 == 3072


def test_a_key_can_be_read_from_a_file(settings, tmp_path):
    env, public, _summary = run("--ec")
    (tmp_path / "signing.jwk").write_text(json.dumps(env["IDENTIFICATION_SIGNING_KEY"]))
    (tmp_path / "encryption.jwk").write_text(json.dumps(env["IDENTIFICATION_ENCRYPTION_KEY"]))
    settings.IDENTIFICATION_SIGNING_KEY = str(tmp_path / "signing.jwk")
    settings.IDENTIFICATION_ENCRYPTION_KEY = str(tmp_path / "encryption.jwk")

    assert config.public_jwks() == public
