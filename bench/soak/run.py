"""Load and soak test (issue 14 item 5): mixed load on gunicorn with the job worker, by hand, not in CI.

    .venv/bin/pip install '.[bench]'
    .venv/bin/python bench/soak/run.py postgres://postgres@127.0.0.1:5432/kh_bench_1m --minutes 10

Runs the register as production does, on the loopback: ``DEBUG`` off,
gunicorn (``--workers``, sync) serving ``kanalinhelmi.wsgi`` with collected,
hashed static files, the job worker (``manage.py db_worker``) sending mail
to a local SMTP server (``smtp_sink.py``, aiosmtpd) and making letters.
locust (``locustfile.py``) plays visitors and staff against it for
``--minutes``, while the resident memory of gunicorn's master and workers
and of the job worker is sampled every ``--sample-seconds`` into
``memory.csv``. Afterwards it waits for the queued letters and mail, counts
what the worker did and what the logs call an error, and writes
``summary.json``; ``plot.py`` draws the memory curve and the table.

Before the load it prepares, through the application's own code: staff
accounts of each role with a known password and a confirmed authenticator
whose key locust knows (two-step login stays on), each practitioner account
linked to a seeded practitioner, and inspection requests sent and confirmed
for customers of the register, which the letter clerks answer during the run.

Two protections would rightly stop a load test, and one is loosened: every
visitor comes from 127.0.0.1, so the public forms' limit per address
(``PRIVACY_RATE_LIMIT_PER_IP``) is lifted; the limit per e-mail address stays
(every visitor uses an address of their own). Login lockouts (django-axes)
stay as configured: every login of the run succeeds. gunicorn's workers are
never recycled (no ``--max-requests``), so a leak would show.
"""

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PASSWORD = "soak-only-password-8f3k2"
# Stands for an id in the URLs given to locust, which puts the real one in its place.
ID = 987654321
ROLES = {
    "customer_service": "Asiakaspalvelu",
    "letters": "Asiakaspalvelu",
    "practitioner": "Ammatinharjoittaja",
    "responsible_person": "Rekisterivastaava",
}


def app_environment(database_url, port, smtp_port, static_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kanalinhelmi.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "soak-" + secrets.token_urlsafe(30)),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        # Plain HTTP on the loopback, behind nothing.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "BEHIND_TLS_PROXY": "0",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        # Every visitor of the test comes from 127.0.0.1 (see the module's docstring).
        "PRIVACY_RATE_LIMIT_PER_IP": "100000000",
        "PYTHONUNBUFFERED": "1",
    }


def prepare(*, port, accounts, letter_requests, sample):
    """Staff accounts, customers to open and requests to answer; returns locust's plan."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.urls import reverse
    from django.utils import translation
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from privacy import services
    from privacy.models import DataSubjectRequest
    from registry.management.commands.load_demo_data import FIRST_NAMES, LAST_NAMES
    from registry.models import Customer, Practitioner

    User = get_user_model()
    plan_accounts = {role: [] for role in ROLES}
    free_practitioners = list(
        Practitioner.objects.filter(user__isnull=True).order_by("id").values_list("pk", flat=True)[:accounts]
    )
    with transaction.atomic():
        for role, group in ROLES.items():
            for number in range(accounts):
                user, _ = User.objects.get_or_create(
                    username=f"soak-{role.replace('_', '-')}-{number}",
                    defaults={"is_staff": True, "first_name": "Soak", "last_name": f"{role} {number}"},
                )
                user.set_password(PASSWORD)
                user.is_staff = True
                user.save()
                user.groups.set([Group.objects.get(name=group)])
                TOTPDevice.objects.filter(user=user).delete()
                key = secrets.token_hex(20)
                TOTPDevice.objects.create(user=user, name="soak", key=key, confirmed=True)
                linked = Practitioner.objects.filter(user=user).exists()
                if role == "practitioner" and not linked and free_practitioners:
                    Practitioner.objects.filter(pk=free_practitioners.pop(0)).update(user=user)
                plan_accounts[role].append({"username": user.username, "id": user.pk, "key": key})

    # A random sample of the register's customers (a second or so at a million).
    customers = list(
        Customer.objects.order_by("?").only("pk", "first_name", "last_name", "email", "phone")[:sample]
    )
    if len(customers) < letter_requests + 10:
        raise SystemExit(f"Only {len(customers)} customers found: seed the database first (bench/seed.py).")
    for_letters, for_pages = customers[:letter_requests], customers[letter_requests:]

    site_url = f"http://127.0.0.1:{port}/"
    requests = []
    for customer in for_letters:
        # As a customer does it: the public form, then the e-mailed link (the mail goes to the queue).
        with transaction.atomic():
            dsr = DataSubjectRequest(
                kind=DataSubjectRequest.Kind.INSPECTION,
                first_name=customer.first_name,
                last_name=customer.last_name,
                email=customer.email,
                postal_address="Kanavakatu 1\n00100 Helsinki",
                language="fi",
            )
            services.submit_request(request=dsr, site_url=site_url)
            services.confirm_email(request=dsr, token=services.confirmation_token_generator.make_token(dsr))
        requests.append({"id": dsr.pk, "customer": customer.pk})

    search_terms = [
        *(name[:4] for name in LAST_NAMES[:10]),
        *(name[:2] for name in LAST_NAMES[10:15]),
        *(f"{first}+{last}" for first, last in zip(FIRST_NAMES[:10], LAST_NAMES[5:15], strict=True)),
        *(c.phone for c in for_pages[:10] if c.phone),
        *(c.email for c in for_pages[10:20] if c.email),
    ]
    with translation.override("fi"):
        urls = {
            "home": reverse("home"),
            "privacy_notice": reverse("consent:privacy_notice"),
            "rights": reverse("privacy:rights"),
            "request_form": reverse("privacy:request", args=["KIND"]),
            "request_letter_prefix": reverse("privacy:request_letter", args=["X"])[:-2],
            "cookies": reverse("consent:cookie_settings"),
            "consent_link": reverse("consent:link_request"),
        }
    urls |= {
        "login": reverse("admin:login"),
        "admin": reverse("admin:index"),
        "verify": reverse("two_factor_verify"),
        "customers": reverse("admin:registry_customer_changelist"),
        "customer": reverse("admin:registry_customer_change", args=[ID]),
        "requests": reverse("admin:privacy_datasubjectrequest_changelist"),
        "request": reverse("admin:privacy_datasubjectrequest_change", args=[ID]),
        "request_action": reverse("admin:privacy_request_action", args=[ID, "ACTION"]),
        "audit_review": reverse("audit_review:review"),
        "audit_customer": reverse("audit_review:customer", args=[ID]),
        "audit_staff": reverse("audit_review:staff", args=[ID]),
        "audit_busy_days": reverse("audit_review:busy_days"),
    }
    plan = {
        "password": PASSWORD,
        "accounts": plan_accounts,
        "customers": [c.pk for c in for_pages],
        "actors": [a["id"] for a in plan_accounts["customer_service"]],
        "search_terms": search_terms,
        "letter_requests": requests,
        "consent_emails": [c.email for c in for_pages if c.email],
        "urls": urls,
        "id": str(ID),
    }
    connection.close()
    return plan


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer in {seconds} s")


class MemorySampler(threading.Thread):
    """Resident memory (RSS) of gunicorn's master, each worker and the job worker, every few seconds."""

    def __init__(self, path, gunicorn, worker, every):
        super().__init__(daemon=True)
        self.path, self.every = path, every
        self.gunicorn, self.worker = psutil.Process(gunicorn.pid), psutil.Process(worker.pid)
        self.stopped = threading.Event()

    def run(self):
        started = time.monotonic()
        psutil.cpu_percent()
        with (
            open(self.path, "w", newline="") as out,
            open(self.path.with_name("cpu.csv"), "w", newline="") as cpu,
        ):
            writer, cpu_writer = csv.writer(out), csv.writer(cpu)
            writer.writerow(["seconds", "process", "pid", "rss_mib"])
            # The whole machine's: locust and other work share the two cores with the app.
            cpu_writer.writerow(["seconds", "cpu_percent", "load_1min"])
            while not self.stopped.is_set():
                elapsed = round(time.monotonic() - started, 1)
                cpu_writer.writerow([elapsed, psutil.cpu_percent(), os.getloadavg()[0]])
                processes = [("gunicorn master", self.gunicorn), ("db_worker", self.worker)]
                try:
                    processes += [("gunicorn worker", child) for child in self.gunicorn.children()]
                    processes += [("db_worker", child) for child in self.worker.children(recursive=True)]
                except psutil.NoSuchProcess:
                    pass
                for name, process in processes:
                    try:
                        writer.writerow(
                            [elapsed, name, process.pid, round(process.memory_info().rss / 2**20, 1)]
                        )
                    except psutil.NoSuchProcess:
                        continue
                out.flush()
                cpu.flush()
                self.stopped.wait(self.every)


def outcome(database_url, since):
    """What the worker did during the run: letters, mail, jobs."""
    from django.db import connection
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult
    from post_office.models import STATUS, Email

    from privacy.models import RequestLetter

    connection.close()
    letters = dict(
        RequestLetter.objects.filter(created_at__gte=since).values_list("status").annotate(n=Count("pk"))
    )
    mail = {
        STATUS._fields[status]: n
        for status, n in Email.objects.filter(created__gte=since)
        .values_list("status")
        .annotate(n=Count("pk"))
    }
    jobs = {
        f"{path.rsplit('.', 1)[-1]} {status}": n
        for path, status, n in DBTaskResult.objects.filter(enqueued_at__gte=since)
        .values_list("task_path", "status")
        .annotate(n=Count("pk"))
    }
    connection.close()
    return {"letters": letters, "mail": mail, "jobs": jobs}


def drained(since):
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    connection.close()
    waiting = DBTaskResult.objects.filter(enqueued_at__gte=since, status__in=["READY", "RUNNING"]).count()
    connection.close()
    return waiting == 0


def error_lines(path):
    text = path.read_text(errors="replace") if path.exists() else ""
    return [line for line in text.splitlines() if " ERROR " in line or line.startswith("Traceback")]


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("database_url")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=40, help="locust users (visitors and staff together)")
    parser.add_argument("--spawn-rate", type=float, default=2)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8781)
    parser.add_argument("--smtp-port", type=int, default=8782)
    parser.add_argument("--letters", type=int, default=300, help="inspection requests prepared for answering")
    parser.add_argument("--sample-seconds", type=float, default=5)
    parser.add_argument(
        "--out", type=Path, default=HERE / "results" / datetime.now(UTC).strftime("%Y%m%dT%H%M")
    )
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    static_root = Path(tempfile.mkdtemp(prefix="soak-static-"))
    env = app_environment(args.database_url, args.port, args.smtp_port, static_root)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    print("Migrating and collecting static files …", flush=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    # Counted from here: the confirmation mail of the prepared requests is sent during the run.
    since = datetime.now(UTC)
    staff_users = 30  # more than locust can spawn of any staff kind
    plan = prepare(
        port=args.port, accounts=staff_users, letter_requests=args.letters, sample=args.letters + 5000
    )
    plan_path = args.out / "plan.json"
    plan_path.write_text(json.dumps(plan))
    print(f"Prepared {len(plan['letter_requests'])} inspection requests and {staff_users} accounts per role.")

    logs = {name: open(args.out / f"{name}.log", "w") for name in ("smtp", "gunicorn", "worker", "locust")}  # noqa: SIM115
    processes = []
    try:
        smtp = subprocess.Popen(
            [PYTHON, str(HERE / "smtp_sink.py"), str(args.smtp_port), str(args.out / "mail-received.txt")],
            stdout=logs["smtp"],
            stderr=subprocess.STDOUT,
        )
        processes.append(smtp)
        gunicorn = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"), "kanalinhelmi.wsgi",
                "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
                "--log-level", "warning",
            ],
            cwd=ROOT, env=env, stdout=logs["gunicorn"], stderr=subprocess.STDOUT,
        )  # fmt: skip
        processes.append(gunicorn)
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--interval", "2"],
            cwd=ROOT, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT,
        )  # fmt: skip
        processes.append(worker)
        wait_for(f"http://127.0.0.1:{args.port}/healthz/")
        sampler = MemorySampler(args.out / "memory.csv", gunicorn, worker, args.sample_seconds)
        sampler.start()
        print(f"Load for {args.minutes:g} min with {args.users} users …", flush=True)
        locust = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "locust"), "-f", str(HERE / "locustfile.py"), "--headless",
                "--host", f"http://127.0.0.1:{args.port}", "--users", str(args.users),
                "--spawn-rate", str(args.spawn_rate), "--run-time", f"{int(args.minutes * 60)}s",
                "--csv", str(args.out / "locust"), "--csv-full-history", "--only-summary",
                "--stop-timeout", "30",
            ],
            cwd=ROOT, env={**env, "SOAK_PLAN": str(plan_path)}, stdout=logs["locust"], stderr=subprocess.STDOUT,
        )  # fmt: skip
        print("Load done; waiting for the worker to finish the queued letters and mail …", flush=True)
        deadline = time.monotonic() + 300
        while not drained(since) and time.monotonic() < deadline:
            time.sleep(5)
        sampler.stopped.set()
        sampler.join()
    finally:
        for process in reversed(processes):
            stop(process)
        for log in logs.values():
            log.close()
        shutil.rmtree(static_root, ignore_errors=True)

    received = args.out / "mail-received.txt"
    summary = {
        "started": since.isoformat(),
        "minutes": args.minutes,
        "users": args.users,
        "gunicorn_workers": args.workers,
        "cores": os.cpu_count(),
        "locust_exit": locust.returncode,
        "worker": outcome(args.database_url, since),
        "mail_received_by_smtp": len(received.read_text().splitlines()) if received.exists() else 0,
        "errors_logged": {
            name: error_lines(args.out / f"{name}.log")[:20] for name in ("gunicorn", "worker")
        },
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str))
    print(json.dumps(summary, indent=2, ensure_ascii=False, default=str))
    print(f"Results in {args.out}; draw them with: .venv/bin/python bench/soak/plot.py {args.out}")


if __name__ == "__main__":
    main()
