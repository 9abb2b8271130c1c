"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

No browser is downloaded: Chromium comes from Debian (`apt-get install chromium`).
Without it the tests are skipped with a message, except in CI, where a
missing browser is a failure.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


PROJECT_APPS = {"kanalinhelmi", "registry", "consent", "privacy"}


@pytest.fixture(scope="session")
def project_data_migrations(django_db_setup, django_db_blocker):
    """Our data migrations' functions, in migration order, with the final model state."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations import RunPython

    with django_db_blocker.unblock():
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
        state_apps = executor.loader.project_state().apps
    functions = [
        operation.code
        for migration, _backwards in plan
        if migration.app_label in PROJECT_APPS
        for operation in migration.operations
        if isinstance(operation, RunPython)
    ]
    return state_apps, functions


@pytest.fixture(autouse=True)
def data_from_migrations(request, project_data_migrations):
    """Browser tests commit their data, and the flush after each removes what
    the data migrations created (staff roles, controller details, ...); this
    puts it back, as a fresh database would have it."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    state_apps, functions = project_data_migrations
    with connection.schema_editor() as schema_editor:
        for function in functions:
            function(state_apps, schema_editor)


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
