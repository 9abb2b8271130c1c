"""Production refuses to start with unsafe settings (S27, S32)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_secret_key():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
