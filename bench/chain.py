"""Benchmark of the audit trail's hash chain (issue 15): verification time and cost per write.

Run by hand against a PostgreSQL database of its own (it adds entries):

    createdb -h 127.0.0.1 -U postgres kh_bench_chain
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kh_bench_chain \\
        .venv/bin/python bench/chain.py --entries 10000000

1. Fills the trail up to ``--entries`` entries (generated in SQL, chained in
   batches with the same functions the application uses, then COPY'd).
2. Times ``verify_audit_trail`` over the whole trail and its peak memory.
3. Times writing entries through the ORM with the chain and without it.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kanalinhelmi.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("EMAIL_URL", "dummymail://")

import django

django.setup()

from auditlog.models import LogEntry  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402

from privacy.audit import chain  # noqa: E402
from privacy.audit.models import AuditChainLink  # noqa: E402
from privacy.audit.receivers import chain_new_entry  # noqa: E402
from registry.models import Customer  # noqa: E402


def fill(target, batch=50_000):
    """Add generated entries (three views to one change, as bench/seed.py) until ``target``."""
    have = LogEntry.objects.count()
    customer_type = ContentType.objects.get_for_model(Customer).pk
    if have < target:
        generate(customer_type, have, target)
    chain_unchained(batch)


def generate(customer_type, have, target):
    print(f"Generating {target - have:,} audit entries ...", flush=True)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO auditlog_logentry
                (content_type_id, object_pk, object_id, object_repr, action, changes_text, changes,
                 timestamp, additional_data, actor_email, serialized_data)
            SELECT %s, (n %% 1000000)::text, n %% 1000000, 'Asiakas ' || (n %% 1000000),
                   CASE WHEN n %% 4 = 0 THEN 1 ELSE 3 END, '',
                   CASE WHEN n %% 4 = 0 THEN jsonb_build_object('phone', jsonb_build_array('+35840' || n, '+35850' || n))
                        ELSE NULL END,
                   now() - (n || ' seconds')::interval, '{"roles": ["Asiakaspalvelu"]}'::jsonb, NULL, NULL
            FROM generate_series(%s, %s) AS n
            """,
            [customer_type, have + 1, target],
        )
    print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)


def chain_unchained(batch):
    started = time.monotonic()
    key_id, secret = chain.current_key()
    last = AuditChainLink.objects.order_by("-seq").values_list("seq", "chain_hash").first()
    seq, previous = last if last else (0, chain.GENESIS)
    done = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                chain._row_sql(
                    "LEFT JOIN audit_review_auditchainlink l ON l.log_entry_id = e.id "
                    "WHERE l.seq IS NULL ORDER BY e.id LIMIT %s"
                ),
                [batch],
            )
            rows = cursor.fetchall()
        if not rows:
            break
        links = []
        for row in rows:
            seq += 1
            digest = chain.row_digest(secret, row)
            previous = chain.chain_hash(secret, previous, digest, seq, row[0])
            links.append((seq, row[0], key_id, digest, previous, ""))
        with transaction.atomic(), connection.cursor() as cursor:
            columns = "(seq, log_entry_id, key_id, entry_digest, chain_hash, pruned)"
            with cursor.copy(f"COPY audit_review_auditchainlink {columns} FROM STDIN") as copy:
                for link in links:
                    copy.write_row(link)
        done += len(rows)
        print(f"  chained {done:,}", end="\r", flush=True)
    print(f"\n  chained in {time.monotonic() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE auditlog_logentry; ANALYZE audit_review_auditchainlink")


def time_verification():
    started = time.monotonic()
    call_command("verify_audit_trail")
    elapsed = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return elapsed, peak


def time_writes(count, chained):
    customer_type = ContentType.objects.get_for_model(Customer)
    if not chained:
        post_save.disconnect(chain_new_entry, sender=LogEntry, dispatch_uid="audit_chain_new_entry")
    times = []
    try:
        for n in range(count):
            started = time.perf_counter()
            with transaction.atomic():
                LogEntry.objects.create(
                    content_type=customer_type,
                    object_pk=str(n),
                    object_id=n,
                    object_repr=f"Asiakas {n}",
                    action=LogEntry.Action.ACCESS,
                )
            times.append((time.perf_counter() - started) * 1000)
    finally:
        if not chained:
            post_save.connect(chain_new_entry, sender=LogEntry, dispatch_uid="audit_chain_new_entry")
    return statistics.median(times), statistics.quantiles(times, n=20)[18]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--writes", type=int, default=2000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL (DATABASE_URL=postgres://...).")
    call_command("migrate", verbosity=0)
    fill(args.entries)
    elapsed, peak = time_verification()
    print(
        f"verify_audit_trail: {AuditChainLink.objects.count():,} entries in {elapsed:.1f} s, peak RSS {peak:.0f} MiB"
    )
    plain = time_writes(args.writes, chained=False)
    chained = time_writes(args.writes, chained=True)
    print(f"one audit entry written, without the chain: p50 {plain[0]:.2f} ms, p95 {plain[1]:.2f} ms")
    print(f"one audit entry written, with the chain:    p50 {chained[0]:.2f} ms, p95 {chained[1]:.2f} ms")
    print(f"cost of chaining per entry: {chained[0] - plain[0]:.2f} ms (p50)")
    # The entries written without the chain would fail verification; remove them.
    LogEntry.objects.filter(pk__in=LogEntry.objects.filter(chain_link_missing()).values("pk")).delete()


def chain_link_missing():
    from django.db.models import Exists, OuterRef, Q

    return ~Q(Exists(AuditChainLink.objects.filter(log_entry_id=OuterRef("pk"))))


if __name__ == "__main__":
    main()
