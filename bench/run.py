"""Server time and query count of the heavy back-office work at chain scale (issue 6).

    .venv/bin/python bench/run.py \
        --small postgres://postgres@127.0.0.1:5432/kh_bench_1k \
        --large postgres://postgres@127.0.0.1:5432/kh_bench_1m

Both databases are loaded first with ``bench/seed.py``. Pages go through
Django's whole stack in this process (middleware, admin, templates,
database), timed from request to response: the server's share of a page
load, without the network. Prints p50 and p95 over ``--runs`` requests, the
query count of one request and the large/small ratio, each page measured at
both sizes in turn; then, on the large
database, the access report of a customer with 10,000 log entries and the
retention dry run (in a child process, with its peak memory).
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "kanalinhelmi.settings",
    "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only"),
    "ALLOWED_HOSTS": "testserver",
    "EMAIL_URL": "dummymail://",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_MANIFEST": "0",
    "STAFF_2FA_REQUIRED": "0",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(BENCH_ENV)

REPORT_LOG_ENTRIES = 10_000
ONE_MATCH_NAME = {"first_name": "Ilmari", "last_name": "Pitsiniekka"}
# Issue 11 item 11: p50 at most 50 ms at a million customers, at most 1.5 times the figure at a thousand.
TARGET_MS = 50
TARGET_RATIO = 1.5


def timed(function, runs):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"p50": statistics.median(timings), "p95": timings[max(int(len(timings) * 0.95) - 1, 0)]}


def count_queries(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def page(client, url):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return get


def connect(database_url):
    import django
    import environ
    from django.apps import apps
    from django.db import connections

    os.environ["DATABASE_URL"] = database_url
    if not apps.ready:
        django.setup()
    else:  # the second database: point the default connection at it
        from django.conf import settings

        connections["default"].close()
        settings.DATABASES["default"].update(environ.Env.db_url_config(database_url))
        connections["default"].settings_dict.update(environ.Env.db_url_config(database_url))


def staff_client(username, role):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def scenarios():
    """(role, page, client, url) for every list, search and change page a role works in (issue 11 item 11)."""
    from datetime import timedelta

    from auditlog.models import LogEntry
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from consent.models import ConsentRecord
    from kanalinhelmi.roles import BILLING, CUSTOMER_SERVICE, PRACTITIONER, RESPONSIBLE_PERSON
    from privacy.models import DataSubjectRequest
    from registry.models import Customer, Invoice, Practitioner

    service = staff_client("bench-asiakaspalvelu", CUSTOMER_SERVICE)
    billing = staff_client("bench-laskutus", BILLING)
    responsible = staff_client("bench-rekisterivastaava", RESPONSIBLE_PERSON)
    practitioner = staff_client("bench-ammatinharjoittaja", PRACTITIONER)
    # The seed's first practitioner (a fiftieth of a third of the customers are
    # theirs) signs in as this user and sees only their own customers.
    practitioner_user = get_user_model().objects.get(username="bench-ammatinharjoittaja")
    Practitioner.objects.filter(pk=Practitioner.objects.order_by("id").values("pk")[:1]).update(
        user=practitioner_user
    )
    customer = Customer.objects.order_by("id").first()
    own_customer = Customer.objects.visible_to(practitioner_user).order_by("id").first()
    # A name no seeded customer has, so that both sizes find exactly one: the
    # seed's 30 first names and 30 surnames repeat every full name 1,100
    # times at a million, which a real register does not.
    Customer.objects.get_or_create(**ONE_MATCH_NAME)
    invoice = Invoice.objects.order_by("id").first()
    request = DataSubjectRequest.objects.order_by("id").first()
    record = ConsentRecord.objects.order_by("id").first()
    # The seed's trail ends weeks ago: the highlights look at its first month, full at both sizes.
    first_day = LogEntry.objects.order_by("timestamp").values_list("timestamp", flat=True).first().date()
    month = f"since={first_day.isoformat()}&until={(first_day + timedelta(days=30)).isoformat()}"

    def admin_url(model, view="changelist", *args):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)

    customers = admin_url(Customer)
    invoices = admin_url(Invoice)
    requests = admin_url(DataSubjectRequest)
    consents = admin_url(ConsentRecord)
    review = reverse("audit_review:review")
    return [
        ("customer service", "customer list", service, customers),
        ("customer service", "search: name prefix 'Ko'", service, f"{customers}?q=Ko"),
        ("customer service", "search: name prefix 'Virta'", service, f"{customers}?q=Virta"),
        ("customer service", "search: full name 'Aino Virtanen'", service, f"{customers}?q=Aino+Virtanen"),
        ("customer service", "search: full name, one match", service, f"{customers}?q=Ilmari+Pitsiniekka"),
        ("customer service", "search: phone", service, f"{customers}?q={customer.phone}"),
        ("customer service", "search: e-mail", service, f"{customers}?q={customer.email}"),
        ("customer service", "customer page", service, admin_url(Customer, "change", customer.pk)),
        ("customer service", "request list", service, requests),
        ("customer service", "request list: open", service, f"{requests}?state__exact=in_progress"),
        ("customer service", "request search 'Numero'", service, f"{requests}?q=Numero"),
        ("customer service", "request page", service, admin_url(DataSubjectRequest, "change", request.pk)),
        ("customer service", "consent list", service, consents),
        ("customer service", "consent search 'Virta'", service, f"{consents}?q=Virta"),
        ("customer service", "consent record page", service, admin_url(ConsentRecord, "change", record.pk)),
        ("billing", "customer list", billing, customers),
        ("billing", "search: name prefix 'Virta'", billing, f"{customers}?q=Virta"),
        ("billing", "customer page", billing, admin_url(Customer, "change", customer.pk)),
        ("billing", "invoice list", billing, invoices),
        ("billing", "invoice list: unpaid", billing, f"{invoices}?paid_on__isnull=True"),
        ("billing", "invoice search: number", billing, f"{invoices}?q={invoice.number}"),
        ("billing", "invoice search 'Virta'", billing, f"{invoices}?q=Virta"),
        ("billing", "invoice page", billing, admin_url(Invoice, "change", invoice.pk)),
        ("practitioner", "own customers", practitioner, customers),
        ("practitioner", "search 'Virta'", practitioner, f"{customers}?q=Virta"),
        ("practitioner", "search: full name 'Aino Virtanen'", practitioner, f"{customers}?q=Aino+Virtanen"),
        ("practitioner", "customer page", practitioner, admin_url(Customer, "change", own_customer.pk)),
        ("practitioner", "consent list", practitioner, consents),
        ("responsible person", "customer list", responsible, customers),
        ("responsible person", "search: name prefix 'Virta'", responsible, f"{customers}?q=Virta"),
        ("responsible person", "customer page", responsible, admin_url(Customer, "change", customer.pk)),
        ("responsible person", "request list", responsible, requests),
        (
            "responsible person",
            "request page",
            responsible,
            admin_url(DataSubjectRequest, "change", request.pk),
        ),
        ("responsible person", "invoice list", responsible, invoices),
        ("responsible person", "audit review: whole trail", responsible, review),
        (
            "responsible person",
            "audit review: one customer",
            responsible,
            reverse("audit_review:customer", args=[customer.pk]),
        ),
        (
            "responsible person",
            "audit review: one staff member",
            responsible,
            reverse("audit_review:staff", args=[get_user_model().objects.get(username="bench0").pk]),
        ),
        ("responsible person", "audit review: changes", responsible, f"{review}?action=1"),
        (
            "responsible person",
            "audit: after hours, a month",
            responsible,
            f"{review}?highlight=after-hours&{month}",
        ),
        (
            "responsible person",
            "audit: no care relationship, a month",
            responsible,
            f"{review}?highlight=no-care-relationship&{month}",
        ),
        (
            "responsible person",
            "audit: busy days, a month",
            responsible,
            f"{reverse('audit_review:busy_days')}?{month}",
        ),
        ("responsible person", "audit log entries (admin)", responsible, admin_url(LogEntry)),
    ]


def measure(client, url, runs):
    get = page(client, url)
    get()  # warm caches and connections, as a running server has them
    return {
        **timed(get, runs),
        "queries": count_queries(get),
        "matches": matches(url, client),
        "rows": rows_drawn(client, url),
    }


def rows_drawn(client, url):
    """How many rows a list page draws (its first table body), so that a ratio between a page
    of 50 rows and one of none is read as what it is; None for a record's own page."""
    if "/change/" in url:
        return None
    html = client.get(url).content.decode()
    start = html.find("<tbody")
    if start < 0:
        return 0
    return html.count("<tr", start, html.find("</tbody>", start))


def pages(small_url, large_url, runs, only=""):
    """Each page at both sizes, one after the other, so that other work on the machine
    weighs on both figures of a row alike."""
    sizes = {}
    for url in (small_url, large_url):
        connect(url)
        from registry.models import Customer

        sizes[url] = ([s for s in scenarios() if only in f"{s[0]}: {s[1]}"], Customer.objects.count())
    results = {small_url: {}, large_url: {}}
    for index, (role, name, _client, _url) in enumerate(sizes[small_url][0]):
        for url in (small_url, large_url):
            connect(url)
            _role, _name, client, page_url = sizes[url][0][index]
            results[url][(role, name)] = measure(client, page_url, runs)
    return (sizes[small_url][1], results[small_url]), (sizes[large_url][1], results[large_url])


def matches(url, client):
    """How many customers a search finds for the signed-in user, counted in full (the page counts to 1,001)."""
    from urllib.parse import parse_qs, urlsplit

    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from registry.models import Customer
    from registry.models.customers import CustomerQuerySet

    term = parse_qs(urlsplit(url).query).get("q", [""])[0]
    if not term or not url.startswith(reverse("admin:registry_customer_changelist")):
        return None
    limit = CustomerQuerySet.SEARCH_MATCH_LIMIT
    CustomerQuerySet.SEARCH_MATCH_LIMIT = 10**9
    try:
        user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
        return Customer.objects.visible_to(user).search(term).count()
    finally:
        CustomerQuerySet.SEARCH_MATCH_LIMIT = limit


def customer_with_log_entries(count):
    """A customer with ``count`` audit entries (added once with COPY, if missing)."""
    from auditlog.models import LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from privacy.audit.models import CustomerLogEntry
    from registry.models import Customer

    customer = Customer.objects.exclude(**ONE_MATCH_NAME).order_by("id").last()
    have = CustomerLogEntry.objects.filter(customer_id=customer.pk).count()
    if have < count:
        actor = get_user_model().objects.get(username="bench-asiakaspalvelu").pk
        content_type = ContentType.objects.get_for_model(Customer).pk
        first = (LogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        missing = count - have
        with connection.cursor() as cursor:
            raw = cursor.connection
            with raw.cursor() as raw_cursor:
                columns = "id, object_pk, object_id, object_repr, action, changes_text, timestamp, actor_id, content_type_id"
                with raw_cursor.copy(f"COPY auditlog_logentry ({columns}) FROM STDIN") as copy:
                    for k in range(missing):
                        copy.write_row(
                            (
                                first + k,
                                str(customer.pk),
                                customer.pk,
                                str(customer),
                                3,
                                "",
                                "2026-01-01T08:00:00Z",
                                actor,
                                content_type,
                            )
                        )
                with raw_cursor.copy(
                    "COPY audit_review_customerlogentry (log_entry_id, customer_id) FROM STDIN"
                ) as copy:
                    for k in range(missing):
                        copy.write_row((first + k, customer.pk))
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('auditlog_logentry', 'id'), MAX(id)) FROM auditlog_logentry"
            )
    return customer


def access_report(runs):
    from django.utils import translation

    from privacy.letters import html_to_pdf, render_letter_html
    from privacy.report import build_access_report

    customer = customer_with_log_entries(REPORT_LOG_ENTRIES)
    with translation.override("fi"):
        report = build_access_report(customer)
        data = {
            **timed(lambda: build_access_report(customer), runs),
            "queries": count_queries(lambda: build_access_report(customer)),
        }
        rows = sum(len(section["records"]) for section in report["sections"])
        started = time.perf_counter()
        html = render_letter_html("privacy/letters/inspection.html", {"report": report}, language="fi")
        html_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        pdf = html_to_pdf(html)
        pdf_ms = (time.perf_counter() - started) * 1000
    return {"data": data, "rows": rows, "html_ms": html_ms, "pdf_ms": pdf_ms, "pdf_kb": len(pdf) // 1024}


def retention_dry_run(database_url):
    """``apply_retention --dry-run`` in a child process: wall time and its peak memory."""
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "apply_retention", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, "summary": result.stdout.strip().splitlines()[-1]}


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", required=True, help="DATABASE_URL of the small database (1,000 customers)")
    parser.add_argument(
        "--large", required=True, help="DATABASE_URL of the large database (1,000,000 customers)"
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", default="", help="only the pages whose role or name contains this")
    parser.add_argument(
        "--pages-only", action="store_true", help="skip the access report and the retention dry run"
    )
    args = parser.parse_args()

    (small_count, small), (large_count, large) = pages(args.small, args.large, args.runs, args.only)
    connect(args.large)

    print(
        f"| role | page | {small_count:,} customers p50 / p95 ms | {large_count:,} customers p50 / p95 ms "
        "| ratio (p50) | queries | rows drawn | matches | target |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for role, name in small:
        s, b = small[role, name], large[role, name]
        found = f"{s['matches']:,} / {b['matches']:,}" if s["matches"] is not None else ""
        drawn = f"{s['rows']} / {b['rows']}" if s["rows"] is not None else ""
        ratio = b["p50"] / s["p50"]
        met = b["p50"] <= TARGET_MS and ratio <= TARGET_RATIO and s["queries"] == b["queries"]
        print(
            f"| {role} | {name} | {s['p50']:.1f} / {s['p95']:.1f} | {b['p50']:.1f} / {b['p95']:.1f} "
            f"| {ratio:.2f} | {s['queries']} / {b['queries']} | {drawn} | {found} | {'met' if met else '**not met**'} |"
        )
    if args.pages_only:
        return
    report = access_report(max(args.runs // 3, 5))
    retention = retention_dry_run(args.large)
    print()
    print(
        f"access report, customer with {REPORT_LOG_ENTRIES:,} log entries: data p50 {report['data']['p50']:.0f} ms, "
        f"p95 {report['data']['p95']:.0f} ms, {report['data']['queries']} queries, {report['rows']:,} rows; "
        f"letter HTML {report['html_ms']:.0f} ms, PDF {report['pdf_ms']:.0f} ms ({report['pdf_kb']:,} KiB)"
    )
    print(
        f"retention dry run over {large_count:,} customers: {retention['seconds']:.1f} s, "
        f"peak memory {retention['peak_mb']:.0f} MiB; {retention['summary']}"
    )


if __name__ == "__main__":
    main()
