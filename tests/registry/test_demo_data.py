"""The quick start's demo data: one login per role, realistic customers, safe to run twice."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

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
