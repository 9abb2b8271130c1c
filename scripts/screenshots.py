"""The README's screenshots, taken from the demo with the browser tests' harness (issue 16).

    .venv/bin/python scripts/screenshots.py      # writes docs/screenshots/*.png

Builds a demo database of its own in a temporary directory (the quick
start's db.sqlite3 is left alone), adds a few data-subject requests at
different steps, starts the site on a free port and photographs it with
Debian's Chromium through Playwright, as tests/e2e/conftest.py does: the
public rights page, and as the responsible person the back-office front
page, a request, the audit review and the first page of an answer letter
(its PDF through pdftoppm from poppler-utils, or else its HTML preview).
Run it again after changing one of those pages, and look at the pictures.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from shutil import which

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1280, 800
# As tests/e2e/conftest.py launches it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main():
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from tests.e2e.conftest import CHROMIUM

    if not os.path.exists(CHROMIUM):
        sys.exit(f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`.")
    with tempfile.TemporaryDirectory(prefix="kanalinhelmi-screenshots-") as scratch:
        env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
        env.update(
            DEBUG="1",
            DATABASE_URL=f"sqlite:///{Path(scratch) / 'db.sqlite3'}",
            EMAIL_URL="consolemail://",
            STAFF_2FA_REQUIRED="0",
            LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="kanalinhelmi.settings",
        )
        os.environ.update(env)
        print("Building the demo database…", flush=True)
        request_pk, customer_pk, letter_pk, letter_pdf = build_demo(scratch)
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 -- our own manage.py, no shell
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/healthz/")
            print("Taking the screenshots…", flush=True)
            shoot(base, CHROMIUM, request_pk, customer_pk, letter_pk, letter_pdf, scratch)
        finally:
            server.terminate()
            server.wait(timeout=10)
    for path in sorted(OUT.glob("*.png")):
        print(f"  {path.relative_to(ROOT)}  {path.stat().st_size // 1024} kB")


def build_demo(scratch):
    """The quick start's demo data, plus requests at several steps; returns the answered one."""
    import django

    django.setup()
    from auditlog.context import set_actor
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_data", customers=300, stdout=quiet)
    staff = get_user_model().objects.get(username="asiakaspalvelu")
    # Customer service handles the requests, and the audit trail says so.
    with set_actor(staff):
        answered = add_demo_requests(staff)
    letter = answered.letters.get()
    pdf = Path(scratch) / "letter.pdf"
    pdf.write_bytes(bytes(letter.pdf))
    return answered.pk, answered.customer_id, letter.pk, pdf


def add_demo_requests(staff):
    """A small work queue: requests at each step, one of them answered with a letter."""
    from django.utils import timezone

    from privacy import services
    from privacy.models import DataSubjectRequest
    from registry.models import Customer

    customers = iter(Customer.objects.order_by("pk"))
    now = timezone.now()
    Kind, Method = DataSubjectRequest.Kind, DataSubjectRequest.VerificationMethod

    def arrived(kind, days_ago, **fields):
        customer = next(customers)
        dsr = DataSubjectRequest(
            kind=kind,
            first_name=customer.first_name,
            last_name=customer.last_name,
            email=customer.email,
            # Answers are posted (issue 11 item 8): every request has an address.
            postal_address="Nortamonkatu 12 B 7\n26100 Rauma",
            language="fi",
            received_at=now - timedelta(days=days_ago),
            **fields,
        )
        return services.record_paper_request(request=dsr, by=staff), customer

    def verified(kind, days_ago, **fields):
        dsr, customer = arrived(kind, days_ago, **fields)
        return services.verify_identity(request=dsr, by=staff, method=Method.IN_PERSON, customer=customer)

    answered = services.start_processing(request=verified(Kind.INSPECTION, 9), by=staff)
    answered = services.complete_request(request=answered, by=staff)
    services.start_processing(
        request=verified(
            Kind.CORRECTION, 27, details="Sukunimi on muuttunut avioliiton myötä; uusi osoite Rauma."
        ),
        by=staff,
    )
    erasure = services.start_processing(request=verified(Kind.ERASURE, 20), by=staff)
    services.propose_erasure(request=erasure, by=staff, note="Ei laskuja avoinna.")
    verified(Kind.PROHIBIT_DIRECT_MARKETING, 35)
    arrived(Kind.INSPECTION, 1)
    return answered


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 -- our own local server
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def shoot(base, chromium_path, request_pk, customer_pk, letter_pk, letter_pdf, scratch):
    from playwright.sync_api import sync_playwright

    from registry.management.commands.load_demo_data import DEMO_PASSWORD

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=base, locale="fi-FI", viewport={"width": WIDTH, "height": HEIGHT}
        )
        # Django remembers a collapsed navigation sidebar: more room for the pages.
        context.add_init_script("localStorage.setItem('django.admin.navSidebarIsOpen', 'false')")
        page = context.new_page()
        page.set_default_timeout(20_000)

        page.goto("/oikeudet/")
        page.get_by_role("button", name="Hylkää kaikki").click()  # the cookie banner, once
        page.goto("/oikeudet/")
        save(page, "rights-page")

        page.goto("/admin/login/")
        page.fill("#id_username", "rekisterivastaava")
        page.fill("#id_password", DEMO_PASSWORD)
        page.locator("input[type=submit], button[type=submit]").first.click()
        page.wait_for_url("**/admin/")
        save(page, "back-office")
        admin_request = f"/admin/privacy/datasubjectrequest/{request_pk}/"
        page.goto(f"{admin_request}change/")
        save(page, "request", full_page=True)

        # The customer's whole history: who changed and who viewed their data, in what role.
        page.goto(f"/admin/audit/customers/{customer_pk}/")
        save(page, "audit-review")

        pdftoppm = which("pdftoppm")
        if pdftoppm:
            # The letter as printed: the first page of its PDF.
            prefix = Path(scratch) / "letter"
            first_page = ["-f", "1", "-l", "1", "-singlefile", "-scale-to-x", "1000", "-scale-to-y", "-1"]
            subprocess.run(  # noqa: S603 -- poppler-utils on a file we wrote
                [pdftoppm, "-png", *first_page, str(letter_pdf), str(prefix)], check=True
            )
            optimise(prefix.with_suffix(".png"), OUT / "answer-letter.png")
        else:
            page.goto(f"{admin_request}letter/{letter_pk}/html/")
            save(page, "answer-letter")
        browser.close()


def save(page, name, full_page=False):
    raw = OUT / f"{name}.raw.png"
    page.screenshot(path=str(raw), full_page=full_page)
    optimise(raw, OUT / f"{name}.png")
    raw.unlink()


def optimise(source, target):
    """256 colours without dithering: sharp text at a fraction of the size."""
    from PIL import Image

    with Image.open(source) as image:
        image.convert("RGB").quantize(256, dither=Image.Dither.NONE).save(target, optimize=True)


if __name__ == "__main__":
    main()
