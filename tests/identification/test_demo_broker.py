"""The quick start's identification broker (scripts/demo_broker.py, issue 12): it starts, says where it
is in a file the shell can read, and answers as an FTN broker does."""

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_broker_writes_the_clinics_settings_and_answers(tmp_path):
    env_file = tmp_path / "broker.env"
    broker = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "demo_broker.py"), "8000", str(env_file)]
    )
    try:
        for _ in range(150):
            if env_file.exists():
                break
            time.sleep(0.1)
        lines = dict(re.findall(r"^export (\w+)='(.*)'$", env_file.read_text(), flags=re.M))
        assert set(lines) == {
            "IDENTIFICATION_ISSUER",
            "IDENTIFICATION_CLIENT_ID",
            "IDENTIFICATION_SIGNING_KEY",
            "IDENTIFICATION_ENCRYPTION_KEY",
        }
        assert json.loads(lines["IDENTIFICATION_SIGNING_KEY"])["d"]  # a private key the site can sign with
        discovery = f"{lines['IDENTIFICATION_ISSUER']}/.well-known/openid-configuration"
        with urllib.request.urlopen(discovery, timeout=5) as response:
            assert json.load(response)["issuer"] == lines["IDENTIFICATION_ISSUER"]
    finally:
        broker.kill()
        broker.wait()
