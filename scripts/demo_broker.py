"""The demo's identification broker (issue 12): the test suite's local FTN provider, with made-up persons.

    python scripts/demo_broker.py <site port> <env file>

Started by scripts/demo.sh so that the quick start shows strong electronic
identification and the customer's own page without a real broker: it makes
fresh keys for the clinic, starts the provider of tests/identification on
127.0.0.1 (it enforces the FTN profile as a real broker would, and offers
three test persons to choose from), writes the clinic's settings for it to
the env file, and serves until it is stopped. Anyone can "identify" as a test
person with it: it is for the demo on one's own machine only, never for a
site others use.
"""

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from joserfc.jwk import KeySet  # noqa: E402

from identification.management.commands.make_identification_keys import make_keys  # noqa: E402
from tests.identification.provider import TestProvider  # noqa: E402


def main(port, env_file):
    signing, encryption = make_keys()
    provider = TestProvider(
        client_id="kanalinhelmi-demo",
        client_jwks=KeySet([signing, encryption]).as_dict(private=False),
        redirect_uri=f"http://127.0.0.1:{port}/tunnistus/paluu/",
    ).start()
    settings = {
        "IDENTIFICATION_ISSUER": provider.issuer,
        "IDENTIFICATION_CLIENT_ID": provider.client_id,
        "IDENTIFICATION_SIGNING_KEY": json.dumps(signing.as_dict(private=True)),
        "IDENTIFICATION_ENCRYPTION_KEY": json.dumps(encryption.as_dict(private=True)),
    }
    partial = Path(f"{env_file}.part")
    # JSON holds no single quotes, so each value is safe inside them for the shell.
    partial.write_text("".join(f"export {name}='{value}'\n" for name, value in settings.items()))
    partial.rename(env_file)  # the shell waits for the whole file
    print(f"Demo identification broker at {provider.issuer}", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
