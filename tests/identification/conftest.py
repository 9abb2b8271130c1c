import pytest

from identification.management.commands.make_identification_keys import make_keys
from tests.identification.provider import TestProvider, configure

CLIENT_ID = "kanalinhelmi-test"


@pytest.fixture(scope="session")
def clinic_keys():
    """The clinic's signing and encryption keys, made once: RSA 3072 as in production."""
    return make_keys()


@pytest.fixture
def provider(settings, clinic_keys):
    """The local FTN broker, running, with the clinic configured to use it."""
    from joserfc.jwk import KeySet

    signing, encryption = clinic_keys
    with TestProvider(
        client_id=CLIENT_ID,
        client_jwks=KeySet([signing, encryption]).as_dict(private=False),
        redirect_uri="http://testserver/tunnistus/paluu/",
    ) as running:
        configure(settings, running, signing, encryption)
        yield running
