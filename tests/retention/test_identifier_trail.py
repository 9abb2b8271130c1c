"""S12, S19: an IP address removed after its period does not live on in the audit trail (G4).

The trail keeps the fact that the identifier was recorded and removed, who
did it and when, but not the address.
"""

from datetime import datetime

import pytest
from auditlog.models import LogEntry

from registry.models import Identifier
from tests.factories import IdentifierFactory
from tests.retention.conftest import HELSINKI, NOW, apply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]

OLD = datetime(2024, 1, 1, tzinfo=HELSINKI)


def trail_of(identifier_pk):
    return LogEntry.objects.filter(object_pk=str(identifier_pk), content_type__model="identifier")


def mentions(entries, value):
    return [
        e
        for e in entries
        if value in f"{e.changes} {e.changes_text} {e.object_repr} {e.serialized_data} {e.additional_data}"
    ]


def test_removed_ip_address_is_blanked_in_the_trail_but_its_entries_stay():
    identifier = IdentifierFactory(value="198.51.100.77", first_seen_at=OLD, last_seen_at=OLD)
    assert mentions(trail_of(identifier.pk), "198.51.100.77")
    apply("identifiers")
    assert not Identifier.objects.filter(pk=identifier.pk).exists()
    entries = trail_of(identifier.pk)
    assert {LogEntry.Action.CREATE, LogEntry.Action.DELETE} <= set(entries.values_list("action", flat=True))
    assert not mentions(LogEntry.objects.all(), "198.51.100.77")
    assert "value" in entries.get(action=LogEntry.Action.CREATE).changes_dict  # which field, not its value


def test_ip_address_still_held_stays_in_the_trail():
    kept = IdentifierFactory(value="203.0.113.5", first_seen_at=OLD, last_seen_at=NOW)
    IdentifierFactory(customer=kept.customer, value="198.51.100.77", first_seen_at=OLD, last_seen_at=OLD)
    apply("identifiers")
    assert mentions(trail_of(kept.pk), "203.0.113.5")


def test_dry_run_leaves_the_trail_as_it_was():
    identifier = IdentifierFactory(value="198.51.100.77", first_seen_at=OLD, last_seen_at=OLD)
    apply("identifiers", dry_run=True)
    assert mentions(trail_of(identifier.pk), "198.51.100.77")
