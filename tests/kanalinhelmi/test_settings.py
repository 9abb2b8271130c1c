"""Production refuses to start with unsafe settings (S27, S32)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(*options, drop=(), **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE belongs to the browser tests in this process, never to a server.
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", *drop}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *options], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_email_url():
    """Issue 10, item 10: mail with names and links never goes to the console log."""
    result = run_check(drop=("EMAIL_URL",), DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "EMAIL_URL must be set" in result.stderr


def test_development_prints_mail_without_email_url():
    result = run_check(drop=("EMAIL_URL",), DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_production_starts_with_a_secret_key():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "k" * 30 + "S3cr3t-" + "x" * 30,
        "ALLOWED_HOSTS": "rekisteri.kanalinhelmi.fi",
        "AUDIT_CHAIN_KEY": "c" * 40,
    }
    # The production defaults, not the test suite's.
    test_overrides = [
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
        "BEHIND_TLS_PROXY",
        "STATIC_MANIFEST",
        "STAFF_2FA_REQUIRED",
    ]
    result = run_check("--deploy", "--fail-level", "WARNING", drop=test_overrides, **production)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
