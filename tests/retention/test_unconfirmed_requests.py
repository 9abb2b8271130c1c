"""An unconfirmed request goes with its values in the audit trail (S19, S39; issue 17 item 2)."""

import json
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from privacy.models import DataSubjectRequest
from tests.factories import DataSubjectRequestFactory
from tests.retention.conftest import NOW, apply

pytestmark = pytest.mark.django_db


def test_an_unconfirmed_request_leaves_no_name_or_email_in_the_audit_trail(fixed_now):
    dsr = DataSubjectRequestFactory(first_name="Orvokki", last_name="Unohdettu", email="orvokki@example.fi")
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(received_at=NOW - timedelta(days=60))

    apply("unconfirmed_requests")

    assert not DataSubjectRequest.objects.filter(pk=dsr.pk).exists()
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(DataSubjectRequest), object_pk=str(dsr.pk)
    )
    assert {entry.action for entry in entries} >= {LogEntry.Action.CREATE, LogEntry.Action.DELETE}
    trail = json.dumps(
        [[e.object_repr, e.changes, e.changes_text, e.serialized_data, e.additional_data] for e in entries],
        ensure_ascii=False,
    )
    for value in ("Orvokki", "Unohdettu", "orvokki@example.fi"):
        assert value not in trail
