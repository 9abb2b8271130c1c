"""apply_retention: a dry run changes nothing, a real run reports, a second run does nothing (S19–S21)."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import timezone

from consent.models import CookieChoice, CookiePolicy
from privacy.models import DataSubjectRequest
from privacy.retention.models import RetentionBatch
from registry.models import Customer, Identifier, Invoice
from tests.factories import CareRelationshipFactory, IdentifierFactory, InvoiceFactory

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=HELSINKI)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def run(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def make_request(received_at, **extra):
    request = DataSubjectRequest.objects.create(
        kind=DataSubjectRequest.Kind.INSPECTION,
        first_name="Aino",
        last_name="Virtanen",
        email="aino@example.fi",
        **extra,
    )
    DataSubjectRequest.objects.filter(pk=request.pk).update(received_at=received_at)
    return request


def make_cookie_choice(chosen_at):
    policy = CookiePolicy.objects.first() or CookiePolicy.objects.create(version=99)
    choice = CookieChoice.objects.create(policy=policy, method="reject_all", analytics=False, marketing=False)
    CookieChoice.objects.filter(pk=choice.pk).update(chosen_at=chosen_at)
    return choice


@pytest.fixture
def data_past_its_period():
    old = datetime(2018, 1, 1, tzinfo=HELSINKI)
    return {
        "identifier": IdentifierFactory(first_seen_at=old, last_seen_at=old),
        "invoice": InvoiceFactory(issued_on=old.date()),
        "customer": CareRelationshipFactory(started_on=old.date(), ended_on=old.date()).customer,
        "request": make_request(old),
        "cookie_choice": make_cookie_choice(old),
    }


def snapshot():
    return (
        Identifier.objects.count(),
        Invoice.objects.count(),
        Customer.objects.count(),
        DataSubjectRequest.objects.count(),
        CookieChoice.objects.count(),
        LogEntry.objects.count(),
        RetentionBatch.objects.count(),
    )


def test_dry_run_prints_what_it_would_do_and_changes_nothing(data_past_its_period):
    before = snapshot()
    output = run("--dry-run")
    assert snapshot() == before
    assert "identifiers: would remove 1 identifiers" in output
    assert "Retention would remove" in output.splitlines()[-1]


def test_real_run_removes_reports_progress_and_ends_with_a_summary(data_past_its_period):
    output = run()
    assert not Identifier.objects.filter(pk=data_past_its_period["identifier"].pk).exists()
    assert not Invoice.objects.filter(pk=data_past_its_period["invoice"].pk).exists()
    assert not DataSubjectRequest.objects.filter(pk=data_past_its_period["request"].pk).exists()
    assert not CookieChoice.objects.filter(pk=data_past_its_period["cookie_choice"].pk).exists()
    assert not Customer.objects.filter(pk=data_past_its_period["customer"].pk).exists()
    assert "identifiers: removed 1 identifiers" in output
    summary = output.strip().splitlines()[-1]
    assert summary.startswith("Retention removed ")
    assert "identifiers 1" in summary and "cookie_choices 1" in summary


def test_second_run_does_nothing(data_past_its_period):
    run()
    before = snapshot()
    output = run()
    assert snapshot() == before
    assert "Retention removed 0 rows" in output


def test_run_works_in_small_batches(data_past_its_period):
    old = datetime(2018, 1, 1, tzinfo=HELSINKI)
    for _ in range(4):
        IdentifierFactory(first_seen_at=old, last_seen_at=old)
    output = run("--rule=identifiers", "--batch-size=2")
    assert output.count("identifiers: removed 2 identifiers") == 2
    assert "identifiers: removed 1 identifiers" in output
    assert not Identifier.objects.exists()


def test_removals_are_in_the_audit_trail_under_one_run(data_past_its_period):
    output = run("--rule=identifiers")
    run_id = output.strip().split("run ")[-1].rstrip(".")
    deleted = LogEntry.objects.filter(cid=run_id, action=LogEntry.Action.DELETE)
    assert {e.content_type.model for e in deleted} == {"identifier"}
    assert LogEntry.objects.filter(cid=run_id, content_type__model="retentionbatch").exists()


def test_confirmed_or_recent_requests_are_kept():
    cutoff = NOW - timedelta(days=30)
    on_boundary = make_request(cutoff)
    confirmed = make_request(cutoff - timedelta(days=1), confirmed_at=cutoff, state="email_confirmed")
    gone = make_request(cutoff - timedelta(seconds=1))
    run("--rule=unconfirmed_requests")
    assert set(DataSubjectRequest.objects.all()) == {on_boundary, confirmed}
    assert not DataSubjectRequest.objects.filter(pk=gone.pk).exists()


def test_cookie_choices_go_after_three_years_to_the_second():
    boundary = datetime(2023, 3, 15, 12, 0, tzinfo=HELSINKI)
    kept = make_cookie_choice(boundary)
    make_cookie_choice(boundary - timedelta(seconds=1))
    run("--rule=cookie_choices")
    assert list(CookieChoice.objects.all()) == [kept]
