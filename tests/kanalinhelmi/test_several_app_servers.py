"""Two app servers, one PostgreSQL, one Redis: what is shared holds on both (issue 14, item 3; S27, S31, S40).

Two gunicorn instances on two loopback ports run with production settings
(DEBUG off) against one freshly migrated PostgreSQL database of this test's
own (created and dropped here) and the machine's Redis as ``CACHE_URL`` (a
database number of its own, flushed before and after). Each visitor connects
from a loopback address of its own, so the servers see different clients.
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 14  # this module's own; only it is flushed
ADMIN_PASSWORD = "correct horse battery staple"
RATE_LIMIT_PER_IP = 3
MAIL_COUNT = 8
DATABASE = settings.DATABASES["default"]


def redis_is_up():
    try:
        with socket.create_connection(REDIS, timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(
        DATABASE["ENGINE"] != "django.db.backends.postgresql",
        reason="Several app servers share one database only on PostgreSQL (run with DATABASE_URL=postgres://…).",
    ),
    pytest.mark.skipif(not redis_is_up(), reason="redis-server is not reachable at 127.0.0.1:6379."),
]


@pytest.fixture(autouse=True)
def data_from_migrations():
    """The servers' database is this module's own, migrated by ``manage.py migrate``: no test database here."""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def connect(dbname="postgres"):
    import psycopg

    return psycopg.connect(
        host=DATABASE["HOST"] or "127.0.0.1",
        port=DATABASE["PORT"] or 5432,
        user=DATABASE["USER"],
        password=DATABASE["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def flush_redis_db():
    import redis

    redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB).flushdb()


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Database, cache and two servers; yields what the tests need. Everything is stopped and dropped after."""
    directory = tmp_path_factory.mktemp("servers")
    name = f"kh_multi_{secrets.token_hex(4)}"
    user = DATABASE["USER"]
    password = f":{DATABASE['PASSWORD']}" if DATABASE["PASSWORD"] else ""
    host, port = DATABASE["HOST"] or "127.0.0.1", DATABASE["PORT"] or 5432
    with connect() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    flush_redis_db()
    processes = []
    try:
        unset = {
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "CACHE_URL",
            "DATABASE_URL",
            "STATIC_MANIFEST",
            "EMAIL_URL",
        }
        env = {k: v for k, v in os.environ.items() if k not in unset} | {
            "DEBUG": "0",
            "SECRET_KEY": "several-servers-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{name}",
            "CACHE_URL": f"rediscache://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
            "EMAIL_URL": "dummymail://",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "STAFF_2FA_REQUIRED": "0",
            "STATIC_MANIFEST": "0",
            "PRIVACY_RATE_LIMIT_PER_IP": str(RATE_LIMIT_PER_IP),
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run(
            [*manage, "shell", "-c", "from django.contrib.auth.models import User; "
             f"User.objects.create_superuser('paivi', 'paivi@example.fi', {ADMIN_PASSWORD!r}); "
             f"User.objects.create_user('sanna', password={ADMIN_PASSWORD!r}, is_staff=True)"],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        ports = [free_port(), free_port()]
        for app_port in ports:
            options = ["--workers", "1", "--timeout", "30", "--bind", f"127.0.0.1:{app_port}"]
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "kanalinhelmi.wsgi", *options],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        for app_port in ports:
            wait_until_up(app_port, processes)
        yield {"ports": ports, "env": env, "database": name, "directory": directory, "processes": processes}
    finally:
        stop(processes)
        flush_redis_db()
        with connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until_up(port, processes, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for process in processes:
            assert process.poll() is None, f"{process.args[:3]} stopped: {process.stderr.read()}"
        try:
            if Visitor("127.0.0.1").request(port, "GET", "/healthz/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"the app server on port {port} did not answer")


def query(cluster, sql, params=()):
    with connect(cluster["database"]) as connection:
        return connection.execute(sql, params).fetchall()


class FormFields(HTMLParser):
    """The values a browser would post from a page's form (inputs, text areas, chosen options)."""

    def __init__(self):
        super().__init__()
        self.fields, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


class Visitor:
    """A browser on its own loopback address; it may talk to either server, with one set of cookies."""

    def __init__(self, address):
        self.address, self.cookies = address, {}

    def request(self, port, method, path, fields=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, source_address=(self.address, 0), timeout=30
        )
        head = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            head |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{port}",
                "Referer": f"http://127.0.0.1:{port}{path}",
            }
        try:
            connection.request(method, path, body=body, headers=head)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, content
        finally:
            connection.close()

    def post_form(self, port, path, fields):
        """Open the form's page on that server first, as a browser does, and post it with its CSRF token."""
        _status, page = self.request(port, "GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(port, "POST", path, {"csrfmiddlewaretoken": token, **fields})[0]


def log_in(visitor, port, password=ADMIN_PASSWORD, username="paivi"):
    return visitor.post_form(port, "/admin/login/?next=/admin/", {"username": username, "password": password})


def test_the_form_limit_per_address_is_counted_across_both_servers(cluster):
    """S40: posts of one address alternate between the servers; the (limit+1)-th is refused, wherever it lands."""
    a, b = cluster["ports"]
    busy, other = Visitor("127.0.0.21"), Visitor("127.0.0.22")
    statuses = [
        busy.post_form((a, b)[n % 2], "/suostumukset/", {"email": f"eri{n}@example.fi"})
        for n in range(RATE_LIMIT_PER_IP + 2)
    ]
    assert statuses == [302] * RATE_LIMIT_PER_IP + [429, 429]
    assert other.post_form(b, "/suostumukset/", {"email": "toinen@example.fi"}) == 302


def test_a_login_lockout_made_on_one_server_holds_on_the_other(cluster):
    """S31: five wrong passwords for Sanna's account through server A; her right one is refused on server B."""
    a, b = cluster["ports"]
    guesser = Visitor("127.0.0.31")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(guesser, a, "väärä salasana", "sanna") == 200
    assert log_in(guesser, a, "väärä salasana", "sanna") == 429
    assert log_in(guesser, b, ADMIN_PASSWORD, "sanna") == 429
    # The account itself is locked (S31), so from another address too.
    assert log_in(Visitor("127.0.0.32"), b, ADMIN_PASSWORD, "sanna") == 429


def test_changed_controller_details_show_on_both_servers_at_once(cluster):
    """S1: the footer's controller details are cached on both servers; saving them on A drops the cache for B."""
    a, b = cluster["ports"]
    visitor = Visitor("127.0.0.41")
    (pk,) = query(cluster, "SELECT id FROM registry_controllerdetails ORDER BY id LIMIT 1")[0]
    for port in (a, b):  # both servers now have the details in the cache
        status, page = visitor.request(port, "GET", "/")
        assert status == 200 and "Kanalinhelmi Oy (muutettu)" not in page
    staff = Visitor("127.0.0.42")
    assert log_in(staff, a) == 302
    change = f"/admin/registry/controllerdetails/{pk}/change/"
    status, form = staff.request(a, "GET", change)
    assert status == 200
    parser = FormFields()
    parser.feed(form)
    fields = parser.fields | {"name": "Kanalinhelmi Oy (muutettu)"}
    assert staff.request(a, "POST", change, fields)[0] == 302
    for port in (b, a):
        assert "Kanalinhelmi Oy (muutettu)" in visitor.request(port, "GET", "/")[1]


@pytest.fixture
def workers(cluster):
    """One job worker per server, each delivering mail into a directory of its own."""
    processes, outboxes = [], []
    for letter in "ab":
        outbox = cluster["directory"] / f"outbox-{letter}"
        outbox.mkdir()
        outboxes.append(outbox)
        # django-environ drops one slash: filemail:////tmp/x is the absolute /tmp/x.
        env = cluster["env"] | {"EMAIL_URL": f"filemail:///{outbox}"}
        options = ["--interval", "0.2", "--no-startup-delay", "--worker-id", f"server-{letter}"]
        processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", *options],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    try:
        yield outboxes
    finally:
        stop(processes)


def test_each_mail_job_runs_once_with_a_worker_on_each_server(cluster, workers):
    """S27, S40: public requests on both servers each queue a confirmation mail and a delivery job;
    with a worker on each server every job finishes once and every message is delivered once."""
    ports = cluster["ports"]
    addresses = [f"hakija{n}@example.fi" for n in range(MAIL_COUNT)]
    for n, address in enumerate(addresses):
        fields = {
            "first_name": "Aino",
            "last_name": f"Virtanen{n}",
            "email": address,
            "confirm_truthful": "on",
        }
        assert Visitor(f"127.0.0.{50 + n}").post_form(ports[n % 2], "/oikeudet/inspection/", fields) == 302

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        waiting = query(
            cluster,
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status NOT IN ('SUCCESSFUL', 'FAILED')",
        )[0][0]
        unsent = query(cluster, "SELECT count(*) FROM post_office_email WHERE status IS DISTINCT FROM 0")[0][
            0
        ]
        if not waiting and not unsent:
            break
        time.sleep(0.3)
    jobs = query(
        cluster,
        "SELECT status, worker_ids, finished_at FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'kanalinhelmi.mail.deliver_mail'",
    )
    assert len(jobs) >= MAIL_COUNT
    assert all(status == "SUCCESSFUL" and finished for status, _ids, finished in jobs), jobs
    assert all(len(ids) == 1 for _status, ids, _finished in jobs), "a job was claimed by more than one worker"

    delivered = [
        line.removeprefix("To: ")
        for outbox in workers
        for file in outbox.iterdir()
        for line in file.read_text().splitlines()
        if line.startswith("To: ")
    ]
    assert sorted(delivered) == sorted(addresses)
    sent = query(cluster, "SELECT count(*) FROM post_office_email WHERE status = 0")[0][0]
    assert sent == MAIL_COUNT
