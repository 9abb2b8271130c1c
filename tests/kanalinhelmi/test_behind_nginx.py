"""Behind the real reverse proxy, each visitor keeps their own address (issue 10, items 2, 3 and 6; S31).

Debian's nginx runs docs/deploy/nginx.conf (the example the README points
to, with only its ports, name and certificate rewritten) in front of gunicorn
with two workers, production settings (DEBUG off, PROXY_COUNT=1, the default
shared cache) and a freshly migrated database. The visitors connect from
different loopback addresses, so nginx sees two real, different clients.
"""

import http.client
import os
import re
import shutil
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
OPENSSL = shutil.which("openssl")
STAFF_PASSWORD = "correct horse battery staple"

pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian package: nginx)"),
    pytest.mark.skipif(OPENSSL is None, reason="openssl is not installed (Debian package: openssl)"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_config(directory, *, https_port, http_port, app_port):
    """The example, on loopback ports with a throw-away certificate, wrapped in a main config."""
    site = EXAMPLE.read_text()
    for pattern, replacement in [
        (r"listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        (r"listen 80;", f"listen 127.0.0.1:{http_port};"),
        (r"server 127\.0\.0\.1:8001;", f"server 127.0.0.1:{app_port};"),
        (r"ssl_certificate \S+;", f"ssl_certificate {directory}/cert.pem;"),
        (r"ssl_certificate_key \S+;", f"ssl_certificate_key {directory}/key.pem;"),
    ]:
        site, count = re.subn(pattern, replacement, site)
        assert count == 1, f"docs/deploy/nginx.conf no longer has {pattern!r} on a line of its own"
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
{site}
}}
"""


def wait_until_up(port, processes, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for process in processes:
            assert process.poll() is None, f"{process.args[0]} stopped: {process.stderr.read()}"
        try:
            status, _headers, _body = Visitor("127.0.0.1", port).request("GET", "/healthz/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("the site behind nginx did not answer")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    directory = tmp_path_factory.mktemp("nginx")
    for name in ["body", "proxy", "fastcgi", "uwsgi", "scgi"]:
        (directory / name).mkdir()
    key, certificate = str(directory / "key.pem"), str(directory / "cert.pem")
    throw_away = ["-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
    subprocess.run(
        [OPENSSL, "req", *throw_away, "-keyout", key, "-out", certificate], check=True, capture_output=True
    )
    https_port, http_port, app_port = free_port(), free_port(), free_port()
    database = directory / "db.sqlite3"
    # Production settings, as the README's deployment section sets them.
    unset = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL", "DATABASE_URL", "STATIC_MANIFEST"}
    env = {k: v for k, v in os.environ.items() if k not in unset} | {
        "DEBUG": "0",
        "SECRET_KEY": "behind-nginx-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
        "DATABASE_URL": f"sqlite:///{database}",
        "EMAIL_URL": "dummymail://",
        "PROXY_COUNT": "1",
        "BEHIND_TLS_PROXY": "1",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_COOKIES": "1",
        "STAFF_2FA_REQUIRED": "1",
        "STATIC_MANIFEST": "0",
        "PRIVACY_RATE_LIMIT_PER_IP": "3",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(
        [*manage, "shell", "-c", f"from django.contrib.auth.models import User; "
         f"User.objects.create_user('sanna', password={STAFF_PASSWORD!r}, is_staff=True)"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    (directory / "nginx.conf").write_text(
        nginx_config(directory, https_port=https_port, http_port=http_port, app_port=app_port)
    )
    options = ["--workers", "2", "--timeout", "30", "--bind", f"127.0.0.1:{app_port}"]
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kanalinhelmi.wsgi", *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    nginx = subprocess.Popen(
        [NGINX, "-p", str(directory), "-c", str(directory / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(https_port, [gunicorn, nginx])
        yield {"port": https_port, "http_port": http_port, "database": database}
    finally:
        for process in (nginx, gunicorn):
            process.terminate()
        for process in (nginx, gunicorn):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


class Visitor:
    """A browser on its own loopback address: nginx sees it as that client."""

    def __init__(self, address, port):
        self.address, self.port, self.cookies = address, port, {}

    def request(self, method, path, fields=None, headers=()):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=context, source_address=(self.address, 0), timeout=30
        )
        head = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **dict(headers)}
        body = None
        if fields is not None:
            body = urlencode(fields)
            head |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://127.0.0.1:{self.port}",
                "Referer": f"https://127.0.0.1:{self.port}{path}",
            }
        try:
            connection.request(method, path, body=body, headers=head)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.headers, content
        finally:
            connection.close()

    def post_form(self, path, fields, headers=()):
        """Open the form's page first, as a browser does, and post with its CSRF token."""
        _status, _headers, page = self.request("GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _headers, _content = self.request(
            "POST", path, {"csrfmiddlewaretoken": token, **fields}, headers
        )
        return status


def test_five_guesses_from_one_visitor_do_not_lock_out_the_staff(site):
    guesser = Visitor("127.0.0.2", site["port"])
    staff = Visitor("127.0.0.3", site["port"])
    # A made-up header changes nothing: nginx appends the real address.
    made_up = {"X-Forwarded-For": "198.51.100.99"}
    login = "/admin/login/?next=/admin/"
    for n in range(5):
        guesser.post_form(login, {"username": f"keksitty{n}", "password": "x"}, made_up)
    assert guesser.post_form(login, {"username": "sanna", "password": STAFF_PASSWORD}, made_up) == 429
    assert staff.post_form(login, {"username": "sanna", "password": STAFF_PASSWORD}) == 302
    with sqlite3.connect(site["database"]) as database:
        addresses = {row[0] for row in database.execute("SELECT ip_address FROM axes_accessattempt")}
    assert addresses == {"127.0.0.2"}


def test_the_form_limit_is_counted_per_visitor_across_workers(site):
    """PRIVACY_RATE_LIMIT_PER_IP is 3 here: the fourth post of one visitor is refused, whichever worker gets it."""
    busy = Visitor("127.0.0.4", site["port"])
    other = Visitor("127.0.0.5", site["port"])
    statuses = [
        busy.post_form("/suostumukset/", {"email": f"eri{n}@example.fi"}) for n in range(6)
    ]  # fmt: skip
    assert statuses == [302, 302, 302, 429, 429, 429]
    assert other.post_form("/suostumukset/", {"email": "toinen@example.fi"}) == 302


def test_plain_http_is_sent_to_https(site):
    connection = http.client.HTTPConnection("127.0.0.1", site["http_port"], timeout=10)
    connection.request("GET", "/oikeudet/")
    response = connection.getresponse()
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")


def test_the_audit_trail_has_the_visitors_address_and_port(site):
    """S39: a request sent through the proxy is traced to the address and port nginx saw,
    whatever the client wrote in the headers."""
    visitor = Visitor("127.0.0.6", site["port"])
    made_up = {"X-Forwarded-For": "198.51.100.99", "X-Forwarded-Port": "1"}
    fields = {
        "first_name": "Aino",
        "last_name": "Virtanen",
        "email": "aino@example.fi",
        "confirm_truthful": "on",
    }
    assert visitor.post_form("/oikeudet/inspection/", fields, made_up) == 302
    with sqlite3.connect(site["database"]) as database:
        address, port = database.execute(
            "SELECT remote_addr, remote_port FROM auditlog_logentry ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert address == "127.0.0.6"
    assert port > 1
