"""S21: the reason recorded for an ended relationship is not kept forever (G3).

A reason may describe misuse or an offence. Once the customer's data has
been removed for the period of the "ended relationships" rule (36 months),
the reason goes, from the record and from its audit entries; the record
itself goes too when nothing of the customer is left.
"""

from datetime import date, datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from privacy.retention.models import RelationshipEnding
from privacy.retention.services import end_customer_relationship, remove_customer_after_misuse
from registry.models import Customer
from tests.factories import CustomerFactory, InvoiceFactory
from tests.retention.conftest import HELSINKI, NOW, apply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]

REASON = "Petos, rikosilmoitus 1/2023"
REMOVED_BEFORE_CUTOFF = datetime(2023, 3, 15, 11, 59, tzinfo=HELSINKI)
REMOVED_AT_CUTOFF = datetime(2023, 3, 15, 12, 0, tzinfo=HELSINKI)


def removed_after_misuse(monkeypatch, by, *, at, with_voucher):
    monkeypatch.setattr(timezone, "now", lambda: at)
    customer = CustomerFactory()
    if with_voucher:
        InvoiceFactory(customer=customer, issued_on=date(2023, 1, 10))
    ending = remove_customer_after_misuse(customer=customer, reason=REASON, by=by)
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return ending


def reason_in_trail():
    return [
        entry
        for entry in LogEntry.objects.all()
        if REASON in f"{entry.changes} {entry.changes_text} {entry.object_repr} {entry.serialized_data}"
    ]


def test_misuse_record_of_a_customer_gone_is_deleted_after_the_period(monkeypatch, responsible_person):
    ending = removed_after_misuse(
        monkeypatch, responsible_person, at=REMOVED_BEFORE_CUTOFF, with_voucher=False
    )
    apply("ended_relationships")
    assert not RelationshipEnding.objects.filter(pk=ending.pk).exists()
    assert not reason_in_trail()
    # The trail still shows that the record was made and removed.
    actions = set(
        LogEntry.objects.filter(
            object_pk=str(ending.pk), content_type__model="relationshipending"
        ).values_list("action", flat=True)
    )
    assert {LogEntry.Action.CREATE, LogEntry.Action.DELETE} <= actions


def test_misuse_record_of_a_customer_kept_for_vouchers_loses_only_its_reason(monkeypatch, responsible_person):
    ending = removed_after_misuse(
        monkeypatch, responsible_person, at=REMOVED_BEFORE_CUTOFF, with_voucher=True
    )
    apply("ended_relationships")
    ending.refresh_from_db()
    assert ending.reason == ""
    assert (ending.kind, ending.customer_number) == ("misuse", ending.customer_id)
    assert Customer.objects.filter(pk=ending.customer_id).exists()
    assert not reason_in_trail()


def test_reason_is_kept_for_the_whole_period(monkeypatch, responsible_person):
    ending = removed_after_misuse(monkeypatch, responsible_person, at=REMOVED_AT_CUTOFF, with_voucher=False)
    apply("ended_relationships")
    ending.refresh_from_db()
    assert ending.reason == REASON


def test_reason_stays_while_the_data_is_still_held(monkeypatch, responsible_person):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2020, 1, 1, 12, 0, tzinfo=HELSINKI))
    customer = CustomerFactory()
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    ending = end_customer_relationship(
        customer=customer, reason="Muutti ulkomaille", by=responsible_person, ended_on=date(2025, 1, 1)
    )
    apply("ended_relationships")
    ending.refresh_from_db()
    assert ending.reason == "Muutti ulkomaille"
    assert ending.data_removed_at is None


def test_dry_run_keeps_the_reason(monkeypatch, responsible_person):
    ending = removed_after_misuse(
        monkeypatch, responsible_person, at=REMOVED_BEFORE_CUTOFF, with_voucher=False
    )
    apply("ended_relationships", dry_run=True)
    ending.refresh_from_db()
    assert ending.reason == REASON
