"""The quick start on SQLite passes the system checks without a warning (issue 16, item 1)."""

import os
import subprocess
import sys
from pathlib import Path

from registry.models import CareRelationship

ROOT = Path(__file__).resolve().parents[2]


def run_check(database_url):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="1", DATABASE_URL=database_url)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--database", "default"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_quick_start_on_sqlite_shows_no_warning_about_the_care_index(tmp_path):
    result = run_check(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert "W040" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_care_index_still_covers_the_dates_on_postgresql():
    (index,) = CareRelationship._meta.indexes
    assert index.include == ("started_on", "ended_on")
