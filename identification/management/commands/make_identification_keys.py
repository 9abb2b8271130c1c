"""Make the clinic's keys for strong electronic identification and print what goes where.

Two private keys, one for signing (request objects and client assertions,
``use=sig``) and one the broker encrypts the ID token and userinfo to
(``use=enc``), each with a ``kid`` (its RFC 7638 thumbprint). RSA 3072 by
default; ``--ec`` makes P-256 keys for brokers that take them. Printed:
the two environment lines with the private keys (for the secret store,
never a repository) and the public JWK set to hand to the broker. Nothing
is written anywhere.
"""

import json

from django.core.management.base import BaseCommand
from joserfc.jwk import KeySet, generate_key

from identification.config import SIGNING_ALGORITHMS


def make_keys(*, ec=False):
    """(signing key, encryption key), private, each with use and kid."""
    kind, size = ("EC", "P-256") if ec else ("RSA", 3072)
    signing = generate_key(
        kind, size, parameters={"use": "sig", "alg": SIGNING_ALGORITHMS[kind]}, auto_kid=True
    )
    encryption = generate_key(kind, size, parameters={"use": "enc"}, auto_kid=True)
    return signing, encryption


class Command(BaseCommand):
    help = "Make the clinic's signing and encryption keys for strong electronic identification (FTN)."

    def add_arguments(self, parser):
        parser.add_argument("--ec", action="store_true", help="EC P-256 keys instead of RSA 3072.")

    def handle(self, *args, ec=False, **options):
        signing, encryption = make_keys(ec=ec)
        compact = {"separators": (",", ":")}
        public = KeySet([signing, encryption]).as_dict(private=False)
        self.stdout.write(
            "# The private keys: into the environment (or a file each), never into a repository."
        )
        self.stdout.write(
            f"IDENTIFICATION_SIGNING_KEY='{json.dumps(signing.as_dict(private=True), **compact)}'"
        )
        self.stdout.write(
            f"IDENTIFICATION_ENCRYPTION_KEY='{json.dumps(encryption.as_dict(private=True), **compact)}'"
        )
        self.stdout.write("")
        self.stdout.write("# The public JWK set for the broker (also served at /tunnistus/jwks.json):")
        self.stdout.write(json.dumps(public, indent=2))
        self.stdout.write(
            self.style.SUCCESS(
                f"Made a signing key ({signing.kid}) and an encryption key ({encryption.kid}), "
                f"{'EC P-256' if ec else 'RSA 3072'}."
            )
        )
