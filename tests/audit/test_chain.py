"""The audit trail shows tampering done directly in the database (S39, issue 15).

Each test changes the trail in SQL, as someone with database access could,
and checks that ``verify_audit_trail`` names the entry and exits non-zero.
"""

import json

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.db import connection

from privacy.audit.models import AuditChainLink, AuditSeal, AuditVerification
from privacy.services import redact_entries
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    """Five customers, each created and changed: ten entries in the chain."""
    customers = CustomerFactory.create_batch(5)
    for customer in customers:
        customer.phone = "+358401234599"
        customer.save()
    return list(LogEntry.objects.order_by("pk"))


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def verify(*args):
    """``(exit status, what the command printed)``."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit_trail", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def test_an_untouched_trail_verifies(trail):
    status, output = verify()
    assert status == 0
    assert f"Checked {AuditChainLink.objects.count()} entries" in output
    assert "intact" in output


def test_every_new_entry_is_chained_in_order(trail):
    links = list(AuditChainLink.objects.order_by("seq"))
    assert [link.seq for link in links] == list(range(1, len(links) + 1))
    assert {link.log_entry_id for link in links} == {entry.pk for entry in trail}


def test_a_changed_value_is_found(trail):
    victim = trail[3]
    sql("UPDATE auditlog_logentry SET object_repr = %s WHERE id = %s", ["Joku Muu", victim.pk])
    status, output = verify()
    assert status == 1
    assert f"entry id {victim.pk}" in output and "changed" in output


def test_a_changed_change_record_is_found(trail):
    victim = trail[5]
    changes = dict(victim.changes)
    changes["phone"] = ["+358400000000", "+358409999999"]
    sql("UPDATE auditlog_logentry SET changes = %s WHERE id = %s", [json.dumps(changes), victim.pk])
    status, output = verify()
    assert status == 1
    assert f"entry id {victim.pk}" in output


def test_a_changed_timestamp_is_found(trail):
    victim = trail[2]
    sql(
        "UPDATE auditlog_logentry SET timestamp = %s WHERE id = %s",
        [
            "2020-01-01 12:00:00+00:00" if connection.vendor == "postgresql" else "2020-01-01 12:00:00",
            victim.pk,
        ],
    )
    status, output = verify()
    assert status == 1
    assert f"entry id {victim.pk}" in output


def test_a_changed_actor_is_found(trail, django_user_model):
    someone = django_user_model.objects.create_user("someone")
    victim = trail[4]
    sql("UPDATE auditlog_logentry SET actor_id = %s WHERE id = %s", [someone.pk, victim.pk])
    status, output = verify()
    assert status == 1
    assert f"entry id {victim.pk}" in output


def test_an_entry_removed_in_the_middle_is_found(trail):
    victim = trail[4]
    sql("DELETE FROM audit_review_customerlogentry WHERE log_entry_id = %s", [victim.pk])
    sql("DELETE FROM auditlog_logentry WHERE id = %s", [victim.pk])
    status, output = verify()
    assert status == 1
    assert f"entry id {victim.pk}" in output and "removed" in output


def test_an_entry_removed_with_its_link_is_found(trail):
    victim = trail[4]
    sql("DELETE FROM audit_review_auditchainlink WHERE log_entry_id = %s", [victim.pk])
    sql("DELETE FROM audit_review_customerlogentry WHERE log_entry_id = %s", [victim.pk])
    sql("DELETE FROM auditlog_logentry WHERE id = %s", [victim.pk])
    status, output = verify()
    assert status == 1
    assert "missing" in output


def test_entries_removed_at_the_end_are_found_against_the_seal(trail, tmp_path, settings):
    settings.AUDIT_SEAL_DIR = str(tmp_path)
    call_command("seal_audit_trail", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seal_file = next(tmp_path.glob("audit-seal-*.json"))
    last = trail[-1]
    sql("DELETE FROM audit_review_auditchainlink WHERE log_entry_id = %s", [last.pk])
    sql("DELETE FROM audit_review_customerlogentry WHERE log_entry_id = %s", [last.pk])
    sql("DELETE FROM auditlog_logentry WHERE id = %s", [last.pk])
    assert verify()[0] == 0, "without the seal a cut end cannot be seen"
    status, output = verify("--seal", str(seal_file))
    assert status == 1
    assert "seal" in output and "removed" in output


def test_a_forged_seal_is_refused(trail, tmp_path, settings):
    settings.AUDIT_SEAL_DIR = str(tmp_path)
    call_command("seal_audit_trail", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seal_file = next(tmp_path.glob("audit-seal-*.json"))
    seal = json.loads(seal_file.read_text())
    seal["seq"] -= 1
    seal_file.write_text(json.dumps(seal))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not signed"):
        call_command("verify_audit_trail", "--seal", str(seal_file))


def test_an_inserted_entry_is_found(trail):
    first = trail[0]
    sql(
        "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, action, "
        "changes_text, timestamp, serialized_data, changes, additional_data, actor_email) "
        "SELECT content_type_id, object_pk, object_id, object_repr, action, changes_text, timestamp, "
        "serialized_data, changes, additional_data, actor_email FROM auditlog_logentry WHERE id = %s",
        [first.pk],
    )
    status, output = verify()
    assert status == 1
    assert "inserted" in output


def test_swapped_order_is_found(trail):
    a, b = trail[1], trail[6]
    sql("UPDATE audit_review_auditchainlink SET log_entry_id = -1 WHERE log_entry_id = %s", [a.pk])
    sql("UPDATE audit_review_auditchainlink SET log_entry_id = %s WHERE log_entry_id = %s", [a.pk, b.pk])
    sql("UPDATE audit_review_auditchainlink SET log_entry_id = %s WHERE log_entry_id = -1", [b.pk])
    status, output = verify()
    assert status == 1
    assert "chain breaks" in output


def test_erasure_redaction_still_verifies_and_keeps_no_value(trail):
    """S19: blanking values of old entries keeps the chain whole, and no plain value stays."""
    customer_entries = LogEntry.objects.filter(pk__in=[trail[0].pk, trail[5].pk])
    redact_entries(customer_entries)
    status, output = verify()
    assert status == 0, output
    link = AuditChainLink.objects.get(log_entry_id=trail[0].pk)
    kept = json.dumps(link.redactions)
    assert trail[0].object_repr not in kept
    assert set(link.redactions) >= {"object_repr", "changes"}


def test_a_redacted_entry_changed_afterwards_is_found(trail):
    redact_entries(LogEntry.objects.filter(pk=trail[0].pk))
    sql("UPDATE auditlog_logentry SET object_repr = %s WHERE id = %s", ["Väärä", trail[0].pk])
    status, output = verify()
    assert status == 1
    assert f"entry id {trail[0].pk}" in output


def test_retention_removal_of_entries_still_verifies(trail):
    """S19-S21: entries the application removes leave a marked link, not a hole."""
    LogEntry.objects.filter(pk__in=[trail[1].pk, trail[2].pk]).delete()
    status, output = verify()
    assert status == 0, output


def test_the_outcome_is_recorded_for_the_review(trail):
    verify()
    sql("UPDATE auditlog_logentry SET object_repr = %s WHERE id = %s", ["X", trail[1].pk])
    verify()
    latest, earlier = AuditVerification.objects.order_by("-finished_at", "-pk")[:2]
    assert earlier.intact and not latest.intact
    assert str(trail[1].pk) in latest.problem


def test_the_daily_seal_is_emailed_to_the_responsible_person(trail, responsible_person):
    responsible_person.email = "vastaava@kanalinhelmi.fi"
    responsible_person.save()
    call_command("seal_audit_trail", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seal = AuditSeal.objects.get()
    assert seal.seq == AuditChainLink.objects.count()
    (message,) = [m for m in mail.outbox if "seal" in m.subject.lower()]
    assert message.to == ["vastaava@kanalinhelmi.fi"]
    assert not message.attachments, "the mail queue keeps no files"
    content = message.body.split("-----\n")[1]
    assert json.loads(content)["chain_hash"] == seal.chain_hash


def test_a_rotated_key_still_verifies_old_links(trail, settings):
    old_key = settings.AUDIT_CHAIN_KEY
    settings.AUDIT_CHAIN_KEY = "a-new-key-for-2027"
    settings.AUDIT_CHAIN_OLD_KEYS = [old_key]
    CustomerFactory()
    assert verify()[0] == 0
    settings.AUDIT_CHAIN_OLD_KEYS = []
    status, output = verify()
    assert status == 1
    assert "not set" in output


def test_the_review_shows_the_last_check_and_offers_the_seals(trail, reviewer_client):
    page = reviewer_client.get("/admin/audit/").content.decode()
    assert "ketjua ei ole vielä tarkistettu" in page
    verify()
    call_command("seal_audit_trail", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = reviewer_client.get("/admin/audit/").content.decode()
    assert f"kaikki {AuditChainLink.objects.count()} merkintää ehjiä" in page
    integrity = reviewer_client.get("/admin/audit/integrity/").content.decode()
    seal = AuditSeal.objects.get()
    download = reviewer_client.get(f"/admin/audit/seals/{seal.pk}.json")
    assert f"/admin/audit/seals/{seal.pk}.json" in integrity
    assert download["Content-Disposition"].startswith('attachment; filename="audit-seal-')
    assert json.loads(download.content)["mac"] == seal.mac


def test_a_tampered_trail_is_shown_as_such_in_the_review(trail, reviewer_client):
    sql("UPDATE auditlog_logentry SET object_repr = %s WHERE id = %s", ["X", trail[1].pk])
    verify()
    page = reviewer_client.get("/admin/audit/").content.decode()
    assert "niitä on muutettu luvatta" in page
    assert f"Lokimerkintää {trail[1].pk} " in page


def test_seals_are_for_the_responsible_person_only(trail, client, customer_service_user):
    call_command("seal_audit_trail", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(customer_service_user)
    assert client.get(f"/admin/audit/seals/{AuditSeal.objects.get().pk}.json").status_code == 403
    assert client.get("/admin/audit/integrity/").status_code == 403


def test_production_warns_when_the_chain_key_is_not_set(settings):
    from privacy.audit.checks import audit_chain_key_check

    settings.AUDIT_CHAIN_KEY = "derived-from-secret-key:x"
    assert [w.id for w in audit_chain_key_check(None)] == ["audit_review.W001"]
    settings.AUDIT_CHAIN_KEY = "a-real-key"
    assert audit_chain_key_check(None) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Parts run in parallel on PostgreSQL only.")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("victim_index", [1, 3])
def test_a_long_chain_is_checked_in_parts_at_once_and_still_names_the_first_problem(
    victim_index, monkeypatch
):
    """Issue 15: ten million entries in two minutes needs both cores; the answer must not change."""
    from privacy.audit import chain

    CustomerFactory.create_batch(5)
    entries = list(LogEntry.objects.order_by("pk"))
    monkeypatch.setattr(chain, "PARALLEL_FROM", 2)
    assert chain.verify(jobs=3) == (len(entries), None)
    victim = entries[victim_index]
    sql("UPDATE auditlog_logentry SET object_repr = %s WHERE id = %s", ["Joku Muu", victim.pk])
    later = entries[-1]
    sql("UPDATE auditlog_logentry SET object_repr = %s WHERE id = %s", ["Toinen", later.pk])
    _checked, problem = chain.verify(jobs=3)
    assert (problem.kind, problem.entry_id) == ("changed", victim.pk)
