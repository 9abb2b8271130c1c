"""Server time and query count of the back-office's heavy pages (issue 6).

    .venv/bin/python bench/run.py \
        --small postgres://postgres@127.0.0.1:5432/kh_bench_1k \
        --large postgres://postgres@127.0.0.1:5432/kh_bench_1m

Each database is loaded first with ``bench/seed.py``. Requests go through
Django's whole stack in this process (middleware, admin, templates,
database), timed from request to response: the server's share of a page
load, without the network. Prints p50 and p95 over ``--runs`` requests,
the query count of one request, and the large/small ratio.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "kanalinhelmi.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only"),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "LOG_LEVEL": "WARNING",
    }
)


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[max(int(len(timings) * 0.95) - 1, 0)],
        "queries": len(queries),
    }


def scenarios():
    """(name, url) pairs; each needs only what every seeded database has."""
    from django.urls import reverse

    from registry.models import Customer

    customer = Customer.objects.order_by("id").first()
    customer_list = reverse("admin:registry_customer_changelist")
    return [
        ("customer list", customer_list),
        ("search: name prefix 'Virta'", f"{customer_list}?q=Virta"),
        ("search: full name 'Aino Virtanen'", f"{customer_list}?q=Aino+Virtanen"),
        ("search: phone", f"{customer_list}?q={customer.phone}"),
        ("search: e-mail", f"{customer_list}?q={customer.email}"),
        ("customer page", reverse("admin:registry_customer_change", args=[customer.pk])),
    ]


def run_against(database_url, runs):
    import django
    from django.apps import apps
    from django.db import connections

    os.environ["DATABASE_URL"] = database_url
    if not apps.ready:
        django.setup()
    else:  # second database: point the default connection at it
        import environ
        from django.conf import settings

        connections["default"].close()
        settings.DATABASES["default"].update(environ.Env.db_url_config(database_url))
        connections["default"].settings_dict.update(environ.Env.db_url_config(database_url))

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from kanalinhelmi.roles import CUSTOMER_SERVICE
    from registry.models import Customer

    user, _ = get_user_model().objects.get_or_create(
        username="bench-asiakaspalvelu", defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    client = Client()
    client.force_login(user)
    results = {name: measure(client, url, runs) for name, url in scenarios()}
    return Customer.objects.count(), results


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", required=True, help="DATABASE_URL of the small database (1,000 customers)")
    parser.add_argument(
        "--large", required=True, help="DATABASE_URL of the large database (1,000,000 customers)"
    )
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    small_count, small = run_against(args.small, args.runs)
    large_count, large = run_against(args.large, args.runs)
    print(f"{'page':<36} {small_count:>10,} customers {large_count:>12,} customers   ratio  queries")
    print(f"{'':<36} {'p50 ms':>10} {'p95 ms':>8} {'p50 ms':>12} {'p95 ms':>8}")
    for name in small:
        s, b = small[name], large[name]
        print(
            f"{name:<36} {s['p50']:>10.1f} {s['p95']:>8.1f} {b['p50']:>12.1f} {b['p95']:>8.1f}"
            f"   {b['p50'] / s['p50']:>5.2f}  {s['queries']}/{b['queries']}"
        )


if __name__ == "__main__":
    main()
