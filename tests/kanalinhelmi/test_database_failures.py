"""When the database fails mid-request, the visitor gets a clean page and nothing half-saved (issue 14 item 4).

The database going away is done for real on PostgreSQL: the request's own
server connection is terminated while the request is being saved. A slow
query is cut off by the statement timeout.
"""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from privacy import services
from privacy.models import DataSubjectRequest

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRESQL = connection.vendor == "postgresql"


def request_form_data():
    return {
        "first_name": "Aino",
        "last_name": "Virtanen",
        "email": "aino.virtanen@example.fi",
        "phone": "040 123 4567",
        "postal_address": "Nortamonkatu 1 A 2, 26100 Rauma",
        "details": "Haluan tarkastaa tietoni.",
        "confirm_truthful": "on",
    }


def fail_while_saving(failure):
    """Replace the step after the request row is written with ``failure``."""
    original = services.submit_request

    def failing(**kwargs):
        original(**kwargs)  # the request and its mail are written ...
        failure()  # ... and then the database goes away

    return failing


def database_goes_away():
    if ON_POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    raise OperationalError("server closed the connection unexpectedly")


def test_the_database_going_away_mid_request_gives_a_finnish_503_and_saves_nothing(client, monkeypatch):
    monkeypatch.setattr(services, "submit_request", fail_while_saving(database_goes_away))
    response = client.post(reverse("privacy:request", args=["inspection"]), request_form_data())
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert '<html lang="fi">' in page
    assert "Palvelu ei ole hetkeen käytettävissä" in page
    assert "Mitään lähettämääsi ei tallennettu" in page
    connection.close()  # the terminated connection is not used again
    assert not DataSubjectRequest.objects.exists(), "no partial write"


def test_the_page_is_in_the_visitors_language(client, monkeypatch):
    monkeypatch.setattr(services, "submit_request", fail_while_saving(database_goes_away))
    response = client.post("/en/rights/inspection/", request_form_data())
    assert response.status_code == 503
    assert "The service is briefly unavailable" in response.content.decode()
    connection.close()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="statement_timeout is PostgreSQL's; CI runs on PostgreSQL.")
def test_a_slow_query_is_cut_off_with_a_clean_error(client, monkeypatch):
    def slow_query():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 200")
            cursor.execute("SELECT pg_sleep(5)")

    monkeypatch.setattr(services, "submit_request", fail_while_saving(slow_query))
    response = client.post(reverse("privacy:request", args=["inspection"]), request_form_data())
    assert response.status_code == 503
    assert not DataSubjectRequest.objects.exists()


def test_web_requests_have_a_statement_timeout_and_commands_do_not():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x", "SECRET_KEY": "x"}
    env.pop("DATABASE_STATEMENT_TIMEOUT_MS", None)
    show = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}))"
    web = subprocess.run(
        [sys.executable, "-c", f"import kanalinhelmi.wsgi; {show}"], env=env, capture_output=True, text=True
    )
    command = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kanalinhelmi.settings'; django.setup(); {show}",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "statement_timeout=20000" in web.stdout, web.stderr
    assert "statement_timeout" not in command.stdout, command.stderr
