"""The quick start's demo data: one login per role, realistic customers, safe to run twice."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from registry.management.commands import load_demo_data
from registry.management.commands.load_demo_data import DEMO_PASSWORD
from registry.models import Customer

pytestmark = pytest.mark.django_db


def test_demo_data_creates_a_login_per_role_and_is_idempotent(rf):
    call_command("load_demo_data", customers=20, allow_without_debug=True)
    call_command("load_demo_data", customers=20, allow_without_debug=True)
    assert Customer.objects.count() == 20
    user = authenticate(rf.post("/admin/login/"), username="rekisterivastaava", password=DEMO_PASSWORD)
    assert user.groups.get().name == "Rekisterivastaava"
    for customer in Customer.objects.all():
        customer.full_clean()


def test_demo_data_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo_data", customers=1)
    assert not Customer.objects.exists()


def test_a_second_demo_run_says_the_data_is_already_there_and_how_to_start_afresh(settings, tmp_path):
    """Issue 16, item 3: not "Done: 0 demo customers created."."""
    call_command("load_demo_data", customers=5, allow_without_debug=True, stdout=StringIO())
    second = StringIO()
    call_command("load_demo_data", customers=5, allow_without_debug=True, stdout=second)
    output = second.getvalue()
    assert "0 demo customers" not in output
    assert "The demo data is already there (5 demo customers); nothing was added." in output
    assert "To start afresh" in output


def test_on_sqlite_starting_afresh_names_the_database_file(settings):
    sqlite = SimpleNamespace(vendor="sqlite", settings_dict={"NAME": settings.BASE_DIR / "db.sqlite3"})
    assert load_demo_data.how_to_start_afresh(sqlite) == (
        "To start afresh, stop the site, delete db.sqlite3 and run scripts/demo.sh again."
    )
