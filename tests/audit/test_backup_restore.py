"""A backup of the demo register restores into a new database, whole and verifiable (S27, S32, S39).

Runs the README's scripts as the clinic's IT person would: the demo register
in a PostgreSQL database of its own, ``scripts/backup.sh`` (pg_dump, age),
``scripts/restore.sh`` into an empty database, then the counts and
``verify_audit_trail`` on the restored copy.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db,  # the suite's test database, only for its connection settings
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Backups are of PostgreSQL; run with DATABASE_URL=postgres://... (CI does).",
    ),
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("age", "age-keygen", "pg_dump", "pg_restore", "psql")),
        reason="Needs Debian's age and postgresql-client (.ci/run installs them).",
    ),
]


def database_url(name):
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{name}"


def run(*command, env=None, check=True):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"{command} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def count(url, table):
    return int(run("psql", url, "-tAc", f"SELECT count(*) FROM {table}").stdout.strip())


@pytest.fixture
def databases():
    suffix = uuid.uuid4().hex[:8]
    names = [f"kh_backup_src_{suffix}", f"kh_backup_dst_{suffix}"]
    admin = database_url("postgres")
    for name in names:
        run("psql", admin, "-c", f"CREATE DATABASE {name}")
    yield [database_url(name) for name in names]
    for name in names:
        run("psql", admin, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", check=False)


def test_backup_restores_into_a_new_database_with_an_intact_audit_trail(databases, tmp_path):
    source, target = databases
    env = {**os.environ, "DATABASE_URL": source, "DEBUG": "1", "AUDIT_CHAIN_KEY": "backup-test-chain-key"}
    python = sys.executable
    run(python, "manage.py", "migrate", "--noinput", env=env)
    run(python, "manage.py", "load_demo_data", env=env)
    run(python, "manage.py", "seal_audit_trail", env={**env, "AUDIT_SEAL_DIR": str(tmp_path / "seals")})

    key = tmp_path / "backup-key.txt"
    run("age-keygen", "-o", str(key))
    recipient = next(
        line.split(": ", 1)[1] for line in key.read_text().splitlines() if line.startswith("# public key")
    )
    backup = tmp_path / "register.dump.age"
    run("bash", "scripts/backup.sh", str(backup), env={**env, "BACKUP_AGE_RECIPIENT": recipient})
    assert backup.stat().st_size > 0
    assert b"Virtanen" not in backup.read_bytes(), "the backup must be encrypted"

    run("bash", "scripts/restore.sh", str(backup), target, env={**env, "BACKUP_AGE_IDENTITY": str(key)})
    for table in ("registry_customer", "auditlog_logentry", "audit_review_auditchainlink"):
        assert count(target, table) == count(source, table) > 0, table

    seal = next((tmp_path / "seals").glob("audit-seal-*.json"))
    verified = run(
        python, "manage.py", "verify_audit_trail", "--seal", str(seal), env={**env, "DATABASE_URL": target}
    )
    assert "the trail is intact" in verified.stdout

    refused = run(
        "bash",
        "scripts/restore.sh",
        str(backup),
        target,
        env={**env, "BACKUP_AGE_IDENTITY": str(key)},
        check=False,
    )
    assert refused.returncode == 2
    assert "not empty" in refused.stderr
