"""Rate limits are counted once for all app server processes (issue 10, item 6)."""

import socket
import uuid

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from kanalinhelmi import rate_limits


def run_shell(code, **env):
    import os
    import subprocess
    import sys

    from tests.kanalinhelmi.test_settings import ROOT

    unset = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update({"SECRET_KEY": "x" * 50, **env})
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_shares_the_cache_through_the_database():
    assert run_shell(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])", DEBUG="0"
    ) == ("django.core.cache.backends.db.DatabaseCache")


def test_the_database_cache_keeps_an_hours_counts_of_many_addresses():
    """Django's default (300 entries) would drop counts once a few hundred addresses have posted."""
    shown = run_shell(
        "from django.conf import settings; print(settings.CACHES['default']['OPTIONS']['MAX_ENTRIES'])",
        DEBUG="0",
    )
    assert int(shown) >= 100_000


def test_production_uses_redis_when_cache_url_says_so():
    assert run_shell(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        DEBUG="0",
        CACHE_URL="rediscache://127.0.0.1:6379/1",
    ) == ("django.core.cache.backends.redis.RedisCache")


def test_development_keeps_the_cache_in_memory():
    assert run_shell(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])", DEBUG="1"
    ) == ("django.core.cache.backends.locmem.LocMemCache")


@pytest.mark.django_db
def test_migrate_creates_the_cache_table_and_limits_count_in_it(settings):
    """No separate createcachetable step (test_behind_nginx migrates a fresh database too)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": settings.SHARED_CACHE_TABLE,
        }
    }
    assert settings.SHARED_CACHE_TABLE not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert settings.SHARED_CACHE_TABLE in connection.introspection.table_names()
    assert [rate_limits.over_limit("ip", "192.0.2.1", 2) for _ in range(3)] == [False, False, True]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {settings.SHARED_CACHE_TABLE}")
        assert cursor.fetchone() == (1,)


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379")
def test_limits_count_in_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "kanalinhelmi-test-sec",
        }
    }
    visitor = f"192.0.2.{uuid.uuid4().int % 250}-{uuid.uuid4()}"
    try:
        assert [rate_limits.over_limit("ip", visitor, 2) for _ in range(3)] == [False, False, True]
    finally:
        caches["default"].delete(rate_limits._key("ip", visitor))
