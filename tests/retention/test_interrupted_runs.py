"""A retention run or an erasure stopped half-way leaves no half-done batch (issue 6: reliability).

Each batch of a retention run is one transaction: a failure inside a batch
puts every row of that batch back, batches finished before it stay done,
and the next run carries on from there.
"""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from consent.models import ConsentRecord
from privacy import services
from privacy.retention.jobs import apply_rule
from privacy.retention.models import RetentionBatch, RetentionRule
from registry.models import Customer, Identifier
from tests.factories import CustomerFactory, IdentifierFactory, RepresentativeFactory
from tests.privacy.conftest import in_progress

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


@pytest.fixture
def fixed_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def old_identifiers(count):
    long_ago = NOW - timedelta(days=800)
    return [IdentifierFactory(first_seen_at=long_ago, last_seen_at=long_ago) for _ in range(count)]


def test_failure_inside_a_retention_batch_puts_the_whole_batch_back(fixed_now):
    rows = old_identifiers(5)
    rule = RetentionRule.objects.get(key="identifiers")
    real_delete = Identifier.delete
    calls = {"n": 0}

    def delete_then_fail(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:  # the second row of the second batch
            raise RuntimeError("the database went away")
        return real_delete(self, *args, **kwargs)

    with mock.patch.object(Identifier, "delete", delete_then_fail), pytest.raises(RuntimeError):
        apply_rule(rule, batch_size=2)

    remaining = set(Identifier.objects.values_list("pk", flat=True))
    assert remaining == {row.pk for row in rows[2:]}  # first batch done, second put back whole
    assert RetentionBatch.objects.filter(rule=rule).count() == 1
    deleted_in_log = LogEntry.objects.filter(
        action=LogEntry.Action.DELETE, content_type__model="identifier"
    ).values_list("object_pk", flat=True)
    assert set(deleted_in_log) == {str(row.pk) for row in rows[:2]}


def test_the_next_run_finishes_what_an_interrupted_run_left(fixed_now):
    old_identifiers(5)
    rule = RetentionRule.objects.get(key="identifiers")
    with (
        mock.patch.object(Identifier, "delete", side_effect=RuntimeError("stop")),
        pytest.raises(RuntimeError),
    ):
        apply_rule(rule, batch_size=2)
    assert Identifier.objects.count() == 5
    assert apply_rule(rule, batch_size=2) == 5
    assert not Identifier.objects.exists()


def test_erasure_that_fails_at_the_last_part_changes_nothing(customer_service_user, responsible_person):
    from consent.services import give_consent

    customer = CustomerFactory(email="pysyy@example.fi")
    RepresentativeFactory(customer=customer)
    give_consent(
        customer=customer, purpose_key="marketing", channel="phone", recorded_by=customer_service_user
    )
    consents_before = ConsentRecord.objects.filter(customer=customer).count()
    log_before = list(LogEntry.objects.order_by("pk").values_list("pk", "changes"))
    dsr = in_progress(customer_service_user, customer=customer, kind="erasure")
    dsr = services.propose_erasure(request=dsr, by=customer_service_user)

    with (
        mock.patch("registry.services.erase_customer_part", side_effect=RuntimeError("interrupted")),
        pytest.raises(RuntimeError),
    ):
        services.approve_request(request=dsr, by=responsible_person)

    customer = Customer.objects.get(pk=customer.pk)
    assert customer.email == "pysyy@example.fi"
    assert customer.representatives.count() == 1
    assert ConsentRecord.objects.filter(customer=customer).count() == consents_before
    # consents were erased before the failure, then put back; no log entry was redacted or added
    assert (
        list(
            LogEntry.objects.filter(pk__in=[pk for pk, _ in log_before])
            .order_by("pk")
            .values_list("pk", "changes")
        )
        == log_before
    )
