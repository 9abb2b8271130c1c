from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from registry.models import Customer

HELSINKI = ZoneInfo("Europe/Helsinki")


def helsinki(*args):
    return datetime(*args, tzinfo=HELSINKI)


def view_entry(customer, actor, when):
    """An access entry as the admin writes it, at a chosen time."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Customer),
        object_pk=str(customer.pk),
        object_id=customer.pk,
        object_repr=str(customer),
        action=LogEntry.Action.ACCESS,
        actor=actor,
        timestamp=when,
    )


@pytest.fixture
def reviewer_client(client, responsible_person):
    client.force_login(responsible_person)
    return client
