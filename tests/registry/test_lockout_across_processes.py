"""Lockout holds when several app servers share the database (S31, issue 6).

Two gunicorn processes serve the same (test) PostgreSQL database; failed
logins spread over both still lock the account on both.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.conftest import STAFF_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def staff_member(customer_service_user):
    """The servers use the production hashers, not the tests' fast one."""
    hasher = PBKDF2PasswordHasher()
    customer_service_user.password = hasher.encode(STAFF_PASSWORD, hasher.salt())
    customer_service_user.save(update_fields=["password"])
    return customer_service_user


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "SECRET_KEY": "lockout-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_MANIFEST": "0",
        "STAFF_2FA_REQUIRED": "0",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "kanalinhelmi.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5)
            return process
        except OSError:  # not listening yet, or still importing
            time.sleep(0.2)
    process.kill()
    pytest.fail("gunicorn did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A successful login answers with a redirect; keep it as the result."""

    def redirect_request(self, *args, **kwargs):
        return None


def login(port, password):
    """Post the admin login form as a browser would; returns the HTTP status."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())
    page = opener.open(f"http://127.0.0.1:{port}/admin/login/").read().decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "sanna", "password": password, "next": "/admin/"}
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/admin/login/", data=data, headers={"Referer": f"http://127.0.0.1:{port}/"}
    )
    try:
        return opener.open(request).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_failures_spread_over_two_app_servers_lock_the_account_on_both(staff_member):
    if connection.vendor != "postgresql":
        pytest.skip("Two app processes share a database only on PostgreSQL (SQLite tests run in memory).")
    ports = [free_port(), free_port()]
    servers = [start_server(port) for port in ports]
    try:
        for attempt in range(4):
            assert login(ports[attempt % 2], "väärä salasana") == 200
        assert login(ports[1], STAFF_PASSWORD) == 302  # below the limit; success resets the count

        for attempt in range(4):
            assert login(ports[attempt % 2], "väärä salasana") == 200
        assert login(ports[0], "väärä salasana") == 429  # the fifth failure locks
        assert login(ports[0], STAFF_PASSWORD) == 429
        assert login(ports[1], STAFF_PASSWORD) == 429
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
