"""A keyed hash chain over the audit trail, so that tampering shows (S39).

The audit trail is auditlog's table of entries. Anyone with database access
could change, remove or add rows; this module makes each of those detectable
by someone who holds the chain key, which lives outside the database
(``AUDIT_CHAIN_KEY``). The design, in short (``docs/audit-chain.md`` has the
whole of it):

- **Link per entry.** Every new entry gets one ``AuditChainLink``, written in
  the same transaction: a sequence number with no gaps, the entry's digest,
  and the chain hash ``HMAC(key, previous chain hash ‖ digest ‖ seq ‖ id)``.
- **Digest over hashes of values.** The entry's digest covers its fixed
  fields (id, time, actor, action, object) as they are, and each value
  column (object representation, changes, serialized data, additional data)
  through a keyed hash of its own. Erasure blanks values (S19); when it does,
  the link keeps the keyed hash the value had and the hash it has now, so
  the chain still verifies and the erased value is nowhere, not even as a
  plain hash a dictionary could reverse.
- **Order across app servers.** Links are appended under a PostgreSQL
  advisory lock held to the end of the writing transaction, so entries
  written at the same moment by several servers form one chain in commit
  order. SQLite serialises writers anyway.
- **Legitimate removal.** Retention removes old entries (S19–S21); the link
  stays, marked with a keyed "pruned" mark, so a removal through the
  application is told apart from a removal in SQL.
- **Sealed head.** ``seal_audit_trail`` signs the head of the chain each day
  (sequence number, chain hash, time); a seal kept outside the database shows
  a trail cut short at its end, which no chain can show by itself.

Values are read back from the database as text (JSON columns cast to text)
both when the link is written and when it is verified, so both sides hash
exactly the same bytes, on PostgreSQL and on SQLite alike.
"""

import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

# Columns erasure may blank (privacy.services.redact_entries); every other
# column of an entry is fixed once written.
VALUE_COLUMNS = ("object_repr", "serialized_data", "changes_text", "changes", "additional_data")
FIXED_COLUMNS = (
    "id",
    "content_type_id",
    "object_pk",
    "object_id",
    "action",
    "actor_id",
    "actor_email",
    "cid",
    "remote_addr",
    "remote_port",
    "timestamp",
)
_NULL = "\x00"
_ADVISORY_LOCK = 0x4B48_4155  # "KHAU": one lock for the whole trail


def _timestamp_sql():
    # The time as text, the same on every connection whatever its time zone.
    if connection.vendor == "postgresql":
        return "to_char(e.timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    return "e.timestamp"


def _row_sql(where=""):
    # CAST(... AS TEXT) reads JSON as the database keeps it, so the writer and
    # the verifier hash the same bytes without parsing and re-serialising.
    columns = [
        "e.id",
        "e.content_type_id",
        "e.object_pk",
        "e.object_id",
        "e.action",
        "e.actor_id",
        "e.actor_email",
        "e.cid",
        "CAST(e.remote_addr AS TEXT)",
        "e.remote_port",
        _timestamp_sql(),
        "e.object_repr",
        "CAST(e.serialized_data AS TEXT)",
        "e.changes_text",
        "CAST(e.changes AS TEXT)",
        "CAST(e.additional_data AS TEXT)",
    ]
    # Built from the constants above only; values go in as parameters.
    return f"SELECT {', '.join(columns)} FROM auditlog_logentry e {where}"  # noqa: S608


# --- Keys ------------------------------------------------------------------------------------------


def keys():
    """``{key id: secret bytes}``; the first is the one new links use.

    ``AUDIT_CHAIN_KEY`` is the current key, ``AUDIT_CHAIN_OLD_KEYS`` the keys of
    earlier links (comma-separated), kept so that old links still verify
    after a rotation. A key's id is the start of its SHA-256: it names the key
    without revealing it.
    """
    secrets = [settings.AUDIT_CHAIN_KEY, *settings.AUDIT_CHAIN_OLD_KEYS]
    found = {}
    for secret in secrets:
        if secret:
            raw = secret.encode()
            found.setdefault(hashlib.sha256(raw).hexdigest()[:12], raw)
    return found


def current_key():
    key_id, secret = next(iter(keys().items()))
    return key_id, secret


# --- Hashing ---------------------------------------------------------------------------------------
# Verification runs over tens of millions of entries, so the per-entry work is
# kept to what the design needs: a keyed hash only of values that are there.


def _text(value):
    # The row comes from _row_sql, which gives the time as text already;
    # None and "" need no hash of their own (nothing to keep from a reader).
    return "\x00" if value is None else str(value)


def value_hash(secret, entry_id, column, value):
    """The keyed hash of one value column of one entry, hex."""
    if value is None:
        return "null"
    if value == "":
        return "empty"
    return hmac.digest(secret, f"{entry_id}\x1e{column}\x1e{value}".encode(), "sha256").hex()


def split_row(row):
    """``(fixed values, {value column: value})`` of a row read with ``_row_sql``."""
    fixed = row[: len(FIXED_COLUMNS)]
    values = dict(zip(VALUE_COLUMNS, row[len(FIXED_COLUMNS) :], strict=True))
    return fixed, values


def row_digest(secret, row, redactions=None):
    """The digest of an entry read with ``_row_sql``: its fixed fields and the keyed hashes of its values, hex.

    ``redactions`` are the link's hashes of values erasure blanked: such a
    value is checked against the hash it has "now" and counted with the hash
    it "was". None when a blanked value was altered afterwards.
    """
    width = len(FIXED_COLUMNS)
    entry_id = row[0]
    parts = ["\x00" if value is None else str(value) for value in row[:width]]
    for column, value in zip(VALUE_COLUMNS, row[width:], strict=True):
        hashed = value_hash(secret, entry_id, column, value)
        kept = redactions.get(column) if redactions else None
        if kept is not None:
            if kept.get("now") != hashed:
                return None
            hashed = kept["was"]
        parts.append(hashed)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def chain_hash(secret, previous, digest, seq, entry_id):
    message = f"{previous}\x1f{digest}\x1f{seq}\x1f{entry_id}".encode()
    return hmac.digest(secret, message, "sha256").hex()


def pruned_mark(secret, seq, entry_id, digest):
    return hmac.digest(secret, f"pruned\x1f{seq}\x1f{entry_id}\x1f{digest}".encode(), "sha256").hex()


def seal_mac(secret, seq, head, entries, sealed_at):
    message = f"seal\x1f{seq}\x1f{head}\x1f{entries}\x1f{sealed_at}".encode()
    return hmac.digest(secret, message, "sha256").hex()


GENESIS = "0" * 64


# --- Writing ---------------------------------------------------------------------------------------


def queries_per_entry():
    """What chaining adds to each audit entry written: read it back, (lock,) read the head, insert."""
    return 4 if connection.vendor == "postgresql" else 3


def read_row(entry_id):
    with connection.cursor() as cursor:
        cursor.execute(_row_sql("WHERE e.id = %s"), [entry_id])
        return cursor.fetchone()


def append(entry_id):
    """Chain the entry ``entry_id`` (already written in this transaction) to the trail."""
    from privacy.audit.models import AuditChainLink

    key_id, secret = current_key()
    digest = row_digest(secret, read_row(entry_id))
    # Within the writer's transaction (no savepoint): the lock below lasts to its commit.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Held to the end of the outer transaction: the next writer
                # sees this link only once it is committed, so the chain has
                # one order however many servers write.
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK])
        last = AuditChainLink.objects.order_by("-seq").values_list("seq", "chain_hash").first()
        seq, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
        return AuditChainLink.objects.create(
            seq=seq,
            log_entry_id=entry_id,
            key_id=key_id,
            entry_digest=digest,
            chain_hash=chain_hash(secret, previous, digest, seq, entry_id),
        )


def chain_existing_entries(batch_size=2000):
    """Chain the entries written before the chain existed, in id order; how many.

    Run once by a migration. Entries that already have a link are skipped, so
    running it again does nothing.
    """
    count = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.id FROM auditlog_logentry e LEFT JOIN audit_review_auditchainlink l "
                "ON l.log_entry_id = e.id WHERE l.seq IS NULL ORDER BY e.id LIMIT %s",
                [batch_size],
            )
            ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return count
        with transaction.atomic():
            for entry_id in ids:
                append(entry_id)
        count += len(ids)


def record_value_changes(link, before, after):
    """Keep the chain whole when erasure blanks values of an entry (S19).

    ``before`` and ``after`` are the entry's rows as read before and after
    the change. For each value column that changed, the link keeps the keyed
    hash the chain was built on ("was") and the keyed hash of the value now
    ("now"); fixed columns are never changed by the application, so a change
    to one is left for verification to report.
    """
    secret = keys()[link.key_id]
    _, values_before = split_row(before)
    _, values_after = split_row(after)
    redactions = dict(link.redactions or {})
    changed = False
    for column in VALUE_COLUMNS:
        if values_before[column] == values_after[column]:
            continue
        was = redactions.get(column, {}).get("was") or value_hash(
            secret, link.log_entry_id, column, values_before[column]
        )
        redactions[column] = {
            "was": was,
            "now": value_hash(secret, link.log_entry_id, column, values_after[column]),
        }
        changed = True
    if changed:
        link.redactions = redactions
        link.save(update_fields=["redactions"])


def mark_pruned(link):
    """Mark ``link``'s entry as removed by the application (retention), not in SQL."""
    secret = keys()[link.key_id]
    link.pruned = pruned_mark(secret, link.seq, link.log_entry_id, link.entry_digest)
    link.save(update_fields=["pruned"])


# --- Verifying -------------------------------------------------------------------------------------


class Problem:
    """The first thing found wrong in the trail, in words a person acts on."""

    def __init__(self, kind, seq, entry_id, detail):
        self.kind, self.seq, self.entry_id, self.detail = kind, seq, entry_id, detail

    def __str__(self):
        return self.detail


def _link_rows(batch_size, first, last):
    """The links numbered ``first``..``last`` with their entries' rows (or Nones), in chain order, streamed."""
    link_columns = "l.seq, l.log_entry_id, l.key_id, l.entry_digest, l.chain_hash, l.redactions, l.pruned"
    joined = f"audit_review_auditchainlink l LEFT JOIN ({_row_sql()}) r ON r.id = l.log_entry_id"
    sql = f"SELECT {link_columns}, r.* FROM {joined} WHERE l.seq BETWEEN %s AND %s ORDER BY l.seq"  # noqa: S608
    if connection.vendor == "postgresql":
        # A server-side cursor: ten million rows pass in bounded memory.
        with transaction.atomic(), connection.connection.cursor(name="verify_audit_trail") as cursor:
            cursor.itersize = batch_size
            cursor.execute(sql, [first, last])
            yield from cursor
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, [first, last])
            while rows := cursor.fetchmany(batch_size):
                yield from rows


def _missing(seq, after=None):
    goes_on = f"; the chain goes on at number {after[0]}, entry id {after[1]}" if after else ""
    return Problem(
        "removed",
        seq,
        None,
        f"Audit entry number {seq} of the chain is missing (removed from the database){goes_on}.",
    )


def _verify_range(first, last, previous, seal, batch_size=5000, counter=None):
    """Check the links numbered ``first``..``last``; ``previous`` is the stored chain hash before ``first``.

    Each link is checked against the stored hash of the one before it, so
    ranges can be checked apart (``verify(jobs=N)``). Returns ``(checked,
    first Problem or None, whether the sealed link was seen)``.
    """
    known = keys()
    expected_seq, checked = first, 0
    sealed_seen = False
    for row in _link_rows(batch_size, first, last):
        seq, entry_id, key_id, digest, stored_chain, redactions, pruned = row[:7]
        entry = row[7:]
        if seq != expected_seq:
            return checked, _missing(expected_seq, (seq, entry_id)), sealed_seen
        secret = known.get(key_id)
        if secret is None:
            return (
                checked,
                Problem(
                    "key",
                    seq,
                    entry_id,
                    f"Entry id {entry_id} was chained with key {key_id}, which is not set.",
                ),
                sealed_seen,
            )
        if chain_hash(secret, previous, digest, seq, entry_id) != stored_chain:
            detail = f"The chain breaks at entry id {entry_id} (number {seq}): its link was altered, inserted or moved."
            return checked, Problem("link", seq, entry_id, detail), sealed_seen
        if entry[0] is None:
            if pruned != pruned_mark(secret, seq, entry_id, digest):
                detail = f"Audit entry id {entry_id} (number {seq}) was removed from the database."
                return checked, Problem("removed", seq, entry_id, detail), sealed_seen
        else:
            if isinstance(redactions, str):
                redactions = json.loads(redactions)
            if row_digest(secret, entry, redactions) != digest:
                detail = f"Audit entry id {entry_id} (number {seq}) was changed after it was written."
                return checked, Problem("changed", seq, entry_id, detail), sealed_seen
        if seal is not None and seq == seal["seq"]:
            if stored_chain != seal["chain_hash"]:
                detail = f"The chain at number {seq} does not match the seal of {seal['time']}."
                return checked, Problem("seal", seq, entry_id, detail), sealed_seen
            sealed_seen = True
        previous, expected_seq, checked = stored_chain, expected_seq + 1, checked + 1
        if checked % batch_size == 0 and counter is not None:
            counter(batch_size)
    if expected_seq <= last:
        return checked, _missing(expected_seq), sealed_seen
    return checked, None, sealed_seen


def _verify_part(part):
    """One worker process's range (``verify(jobs=N)``); runs with a database connection of its own."""
    from django.db import connections

    first, last, previous, seal = part
    try:
        return _verify_range(first, last, previous, seal, counter=_count_progress)
    finally:
        connections.close_all()


_progress_value = None


def _count_progress(n):
    with _progress_value.get_lock():
        _progress_value.value += n


def _stored_chain_hash(seq):
    from privacy.audit.models import AuditChainLink

    return AuditChainLink.objects.filter(seq=seq).values_list("chain_hash", flat=True).first()


# Below this many links one process is quicker than starting several.
PARALLEL_FROM = 200_000


def verify(*, seal=None, progress=None, batch_size=5000, jobs=1):
    """Walk the whole chain; return ``(entries checked, first Problem or None)``.

    ``seal`` is a seal (dict, as ``seal_audit_trail`` writes it) to check the
    head against; without one, a trail cut short at its end is not seen.
    ``progress`` is called with the number of links checked so far. With
    ``jobs`` > 1 on PostgreSQL a long chain is checked in that many ranges
    at once, each by a process with a connection of its own: every link is
    checked against the stored hash of the one before it, so the ranges do
    not depend on each other, and the first problem in chain order is named.
    """
    import multiprocessing

    from privacy.audit.models import AuditChainLink

    head = AuditChainLink.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    if jobs > 1 and connection.vendor == "postgresql" and head >= PARALLEL_FROM:
        size = -(-head // jobs)
        parts = []
        for first in range(1, head + 1, size):
            previous = GENESIS if first == 1 else _stored_chain_hash(first - 1)
            if previous is None:
                return 0, _missing(first - 1)
            parts.append((first, min(first + size - 1, head), previous, seal))
        global _progress_value
        context = multiprocessing.get_context("fork")
        _progress_value = context.Value("q", 0)
        from django.db import connections

        connections.close_all()  # each process opens its own
        with context.Pool(len(parts)) as pool:
            pending = pool.map_async(_verify_part, parts)
            while not pending.ready():
                pending.wait(1)
                if progress is not None:
                    progress(_progress_value.value)
            results = pending.get()
        checked = sum(result[0] for result in results)
        problems = [result[1] for result in results if result[1] is not None]
        sealed_seen = seal is None or any(result[2] for result in results)
        if problems:
            return checked, min(problems, key=lambda problem: problem.seq or 0)
    else:
        done = [0]

        def count(n):
            done[0] += n
            if progress is not None:
                progress(done[0])

        checked, problem, sealed = _verify_range(1, head, GENESIS, seal, batch_size, counter=count)
        if problem is not None:
            return checked, problem
        sealed_seen = seal is None or sealed
    if not sealed_seen:
        return checked, Problem(
            "truncated",
            head + 1,
            None,
            f"The trail ends at number {head}, but the seal of {seal['time']} covers "
            f"{seal['seq']} entries: entries at its end were removed.",
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MIN(e.id), COUNT(*) FROM auditlog_logentry e "
            "LEFT JOIN audit_review_auditchainlink l ON l.log_entry_id = e.id WHERE l.seq IS NULL"
        )
        first_unlinked, unlinked = cursor.fetchone()
    if unlinked:
        return checked, Problem(
            "inserted",
            None,
            first_unlinked,
            f"{unlinked} audit entries are not in the chain (inserted in the database); the first is "
            f"entry id {first_unlinked}.",
        )
    return checked, None


# --- Seals -----------------------------------------------------------------------------------------


def make_seal(now=None):
    """The signed head of the chain now: a dict to keep outside the database."""
    from privacy.audit.models import AuditChainLink

    key_id, secret = current_key()
    head = AuditChainLink.objects.order_by("-seq").values_list("seq", "chain_hash").first() or (0, GENESIS)
    sealed_at = (now or timezone.now()).astimezone(datetime.UTC).isoformat(timespec="seconds")
    entries = head[0]
    return {
        "seq": head[0],
        "chain_hash": head[1],
        "entries": entries,
        "time": sealed_at,
        "key_id": key_id,
        "mac": seal_mac(secret, head[0], head[1], entries, sealed_at),
    }


def seal_is_genuine(seal):
    secret = keys().get(seal.get("key_id"))
    if secret is None:
        return False
    expected = seal_mac(secret, seal["seq"], seal["chain_hash"], seal["entries"], seal["time"])
    return hmac.compare_digest(expected, str(seal.get("mac", "")))
