"""Load chain-scale data into PostgreSQL for the benchmarks (issue 6).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kh_bench_1m \
        .venv/bin/python bench/seed.py --customers 1000000 --audit-entries 10000000

Migrates the database, then loads customers with related rows (customer
relationships, identifiers, billing profiles, invoices) and audit-trail
entries with PostgreSQL's COPY, which is what makes millions of rows take
minutes. Never run against a production database: it refuses one that
already has customers unless told ``--append``.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kanalinhelmi.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
# The benchmarks send no mail, but production settings refuse to start without a mail server.
os.environ.setdefault("EMAIL_URL", "dummymail://")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from consent.models import ConsentPurpose, ConsentText  # noqa: E402
from privacy.models import DataSubjectRequest  # noqa: E402
from registry.management.commands.load_demo_data import (  # noqa: E402
    FIRST_NAMES,
    LAST_NAMES,
    valid_business_id,
    valid_finnish_iban,
)
from registry.models import Customer, Practitioner  # noqa: E402

BATCH = 100_000


def copy_rows(table, columns, rows):
    """COPY rows into a table; returns how many were written."""
    written = 0
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


def progress(label, done, total, started):
    rate = done / max(time.monotonic() - started, 1e-6)
    print(f"  {label}: {done:,}/{total:,} ({rate:,.0f} rows/s)", flush=True)


def seed_customers(count, first_id, practitioners, staff, rng):
    now = datetime.now(UTC)
    started = time.monotonic()
    marketing_text = ConsentText.objects.filter(purpose__key=ConsentPurpose.Key.MARKETING).order_by(
        "-version"
    )[0]
    for start in range(0, count, BATCH):
        ids = range(first_id + start, first_id + min(start + BATCH, count))
        customers = (
            (
                i,
                "customer",
                "bench",
                now,
                now,
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                f"+358{40 + i % 10}{i:07d}"[:13],
                f"asiakas{i}@example.fi",
                "Rauman Telakka Oy" if i % 9 == 0 else "",
                "",
                "fi",
                "",
                "",
                0,
            )
            for i in ids
        )
        copy_rows(
            "registry_customer",
            [
                "id",
                "source",
                "source_detail",
                "created_at",
                "updated_at",
                "first_name",
                "last_name",
                "phone",
                "email",
                "company_name",
                "company_website",
                "preferred_language",
                "classifications",
                "consented_information",
                "version",
            ],
            customers,
        )
        today = date.today()
        copy_rows(
            "registry_carerelationship",
            ["customer_id", "practitioner_id", "started_on", "source", "source_detail"],
            (
                (
                    i,
                    practitioners[i % len(practitioners)] if i % 3 == 0 else None,
                    today - timedelta(days=i % 2000),
                    "staff",
                    "",
                )
                for i in ids
            ),
        )
        copy_rows(
            "registry_identifier",
            [
                "customer_id",
                "kind",
                "value",
                "seen_in",
                "first_seen_at",
                "last_seen_at",
                "source",
                "source_detail",
                "created_at",
                "updated_at",
            ],
            (
                (
                    i,
                    "ip_address",
                    f"10.{i % 250}.{(i // 250) % 250}.{i % 200 + 1}",
                    "ajanvaraus",
                    now - timedelta(days=i % 900),
                    now - timedelta(days=i % 700),
                    "website",
                    "",
                    now,
                    now,
                )
                for i in ids
                if i % 3 == 0
            ),
        )
        copy_rows(
            "registry_invoice",
            [
                "customer_id",
                "number",
                "issued_on",
                "due_on",
                "amount",
                "paid_on",
                "reminders_sent",
                "legal_ground",
                "source",
                "source_detail",
            ],
            (
                (
                    i,
                    f"B{i}",
                    today - timedelta(days=i % 3000),
                    today - timedelta(days=i % 3000 - 14),
                    "68.00",
                    today - timedelta(days=i % 3000 - (30 if i % 5 == 0 else 10)),
                    1 if i % 5 == 0 else 0,
                    "",
                    "transactions",
                    "",
                )
                for i in ids
            ),
        )
        seed_consents(ids, marketing_text, now)
        seed_requests(ids, staff, now, today)
        progress("customers", ids.stop - first_id, count, started)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('registry_customer', 'id'), MAX(id)) FROM registry_customer"
        )


def seed_consents(ids, text, now):
    """Every second customer consented to marketing; every tenth later withdrew it."""
    copy_rows(
        "consent_consentrecord",
        [
            "customer_id",
            "purpose_id",
            "text_id",
            "action",
            "recorded_at",
            "channel",
            "user_agent",
            "note",
        ],
        (
            row
            for i in ids
            if i % 2 == 0
            for row in (
                (i, text.purpose_id, text.pk, "grant", now - timedelta(days=i % 1500), "web", "", ""),
                *(
                    [(i, text.purpose_id, text.pk, "withdraw", now - timedelta(days=i % 300), "web", "", "")]
                    if i % 10 == 0
                    else []
                ),
            )
        ),
    )


# One request in a hundred customers; most handled long ago, as in a register that has run for years.
REQUEST_STATES = [DataSubjectRequest.State.COMPLETED] * 14 + [
    DataSubjectRequest.State.REJECTED,
    DataSubjectRequest.State.REJECTED,
    DataSubjectRequest.State.EXPIRED,
    DataSubjectRequest.State.EMAIL_CONFIRMED,
    DataSubjectRequest.State.IN_PROGRESS,
    DataSubjectRequest.State.AWAITING_APPROVAL,
]


def seed_requests(ids, staff, now, today):
    requests = []
    for i in ids:
        if i % 100:
            continue
        n = i // 100
        state = REQUEST_STATES[n % len(REQUEST_STATES)]
        received = now - timedelta(days=n % 700, hours=n % 24)
        due = received.date() + timedelta(days=30)
        confirmed = state != DataSubjectRequest.State.EXPIRED
        verified = state not in (DataSubjectRequest.State.EXPIRED, DataSubjectRequest.State.EMAIL_CONFIRMED)
        closed = state in DataSubjectRequest.CLOSED_STATES
        requests.append(
            DataSubjectRequest(
                kind=DataSubjectRequest.Kind.values[n % len(DataSubjectRequest.Kind.values)],
                state=state,
                first_name="Pyytäjä",
                last_name=f"Numero {n}",
                email=f"asiakas{i}@example.fi",
                details="",
                customer_id=i if verified else None,
                customer_number=i if verified else None,
                received_at=received,
                due_on=due,
                original_due_on=due,
                confirmed_at=received + timedelta(hours=1) if confirmed else None,
                verification_method="strong_eid" if verified else "",
                verified_by_id=staff[n % len(staff)] if verified else None,
                verified_at=received + timedelta(days=1) if verified else None,
                started_at=received + timedelta(days=1) if verified else None,
                assigned_to_id=staff[n % len(staff)] if verified else None,
                rejection_reason="manifestly_unfounded" if state == DataSubjectRequest.State.REJECTED else "",
                closed_at=received + timedelta(days=20) if closed else None,
            )
        )
    DataSubjectRequest.objects.bulk_create(requests, batch_size=1000)


def seed_audit_entries(count, customer_ids, actors, rng):
    """Entries about customers, each linked to its customer as the audit review expects."""
    content_type = ContentType.objects.get_for_model(Customer).pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM auditlog_logentry")
        next_id = cursor.fetchone()[0] + 1
    started = time.monotonic()
    first = datetime.now(UTC) - timedelta(days=730)
    change = json.dumps({"email": ["vanha@example.fi", "uusi@example.fi"]})
    low, high = customer_ids
    for start in range(0, count, BATCH):
        n = min(BATCH, count - start)

        customers = [rng.randint(low, high) for _ in range(n)]
        first_id = next_id + start

        def rows(n=n, start=start, customers=customers, first_id=first_id):
            for k in range(n):
                customer = customers[k]
                action = 3 if k % 4 else 1  # mostly access entries, some changes
                yield (
                    first_id + k,
                    str(customer),
                    customer,
                    f"Asiakas {customer}",
                    action,
                    change if action == 1 else None,
                    "" if action == 3 else "email: vanha -> uusi",
                    first + timedelta(seconds=(start + k) * 6),
                    actors[(start + k) % len(actors)],
                    content_type,
                    "192.0.2.10",
                )

        copy_rows(
            "auditlog_logentry",
            [
                "id",
                "object_pk",
                "object_id",
                "object_repr",
                "action",
                "changes",
                "changes_text",
                "timestamp",
                "actor_id",
                "content_type_id",
                "remote_addr",
            ],
            rows(),
        )
        copy_rows(
            "audit_review_customerlogentry",
            ["log_entry_id", "customer_id"],
            ((first_id + k, customers[k]) for k in range(n)),
        )
        progress("audit entries", start + n, count, started)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('auditlog_logentry', 'id'), MAX(id)) FROM auditlog_logentry"
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--audit-entries", type=int, default=10_000_000)
    parser.add_argument("--append", action="store_true", help="add to a database that has customers")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The benchmarks run on PostgreSQL: set DATABASE_URL.")

    began = time.monotonic()
    call_command("migrate", verbosity=0)
    existing = Customer.objects.count()
    if existing and not args.append:
        sys.exit(f"The database already has {existing:,} customers; use --append or an empty database.")
    rng = random.Random(1_000_000)
    staff = [
        get_user_model().objects.get_or_create(username=f"bench{n}", defaults={"is_staff": True})[0].pk
        for n in range(20)
    ]
    practitioners = [
        Practitioner.objects.get_or_create(
            first_name="Bench",
            last_name=f"Ammatinharjoittaja {n}",
            defaults={"profession": "psykoterapeutti", "business_id": valid_business_id(rng)},
        )[0].pk
        for n in range(50)
    ]
    valid_finnish_iban(rng)  # keeps the generator's sequence stable across versions
    first_id = (Customer.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    print(f"Loading {args.customers:,} customers from id {first_id:,}", flush=True)
    seed_customers(args.customers, first_id, practitioners, staff, rng)
    print(f"Loading {args.audit_entries:,} audit entries", flush=True)
    seed_audit_entries(args.audit_entries, (first_id, first_id + args.customers - 1), staff, rng)
    with connection.cursor() as cursor:
        # VACUUM sets the visibility map, as autovacuum does on a running register: index-only scans need it.
        cursor.execute("VACUUM ANALYZE")
    print(
        f"Done: {Customer.objects.count():,} customers in the database, "
        f"{args.audit_entries:,} audit entries added in {time.monotonic() - began:,.0f} s."
    )


if __name__ == "__main__":
    main()
