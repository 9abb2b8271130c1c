"""Retention tests run on a fixed day and call the command as cron does."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=HELSINKI)


@pytest.fixture
def fixed_now(monkeypatch):
    """Today is ``NOW`` (15 March 2026, noon in Helsinki)."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def apply(*rules, dry_run=False):
    """Run ``apply_retention`` for ``rules``, its progress output discarded."""
    args = [f"--rule={rule}" for rule in rules] + (["--dry-run"] if dry_run else [])
    with open(os.devnull, "w") as out:
        call_command("apply_retention", *args, stdout=out)
