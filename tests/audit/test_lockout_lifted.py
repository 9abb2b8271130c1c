"""Lifting a login lockout is in the audit trail: who lifted whose lockout, and when (S31, S39)."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db


def locked_out(username="maija", failures=5, minutes_ago=1):
    attempt = AccessAttempt.objects.create(
        username=username,
        ip_address="192.0.2.44",
        user_agent="Firefox",
        failures_since_start=failures,
        get_data="",
        post_data="username=maija\npassword=********",
        http_accept="text/html",
        path_info="/admin/login/",
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - timedelta(minutes=minutes_ago)
    )
    attempt.refresh_from_db()
    return attempt


def lockout_entries():
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(AccessAttempt))


def test_lifting_a_lockout_in_the_back_office_names_who_lifted_whose_lockout(client, responsible_person):
    attempt = locked_out()
    client.force_login(responsible_person)
    response = client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    [entry] = lockout_entries()
    assert entry.actor == responsible_person
    assert entry.action == LogEntry.Action.DELETE
    assert entry.object_repr == "maija"
    assert entry.changes_dict["username"][0] == "maija"
    assert entry.changes_dict["ip_address"][0] == "192.0.2.44"
    assert entry.additional_data["roles"] == ["Rekisterivastaava"]
    assert "password" not in str(entry.changes) and "Firefox" not in str(entry.changes)


def test_lifting_several_lockouts_at_once_leaves_an_entry_for_each(client, responsible_person):
    first, second = locked_out("maija"), locked_out("kalle")
    client.force_login(responsible_person)
    client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert sorted(entry.object_repr for entry in lockout_entries()) == ["kalle", "maija"]
    assert {entry.actor for entry in lockout_entries()} == {responsible_person}


def test_audit_review_shows_the_lifted_lockout_in_finnish(client, responsible_person):
    attempt = locked_out()
    client.force_login(responsible_person)
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    with translation.override("fi"):
        response = client.get(
            reverse("audit_review:review"), {"actor": responsible_person.pk}, HTTP_ACCEPT_LANGUAGE="fi"
        )
    [row] = [row for row in response.context["rows"] if row.entry.object_repr == "maija"]
    assert row.roles == "Rekisterivastaava"
    assert ("Käyttäjätunnus", "maija", "") in [(c.label, c.old, c.new) for c in row.changes]


@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param({"failures": 2}, id="a few failed logins are not a lockout"),
        pytest.param({"minutes_ago": 31}, id="a lockout whose cool-off has passed"),
    ],
)
def test_deleting_an_attempt_that_locks_no_one_out_is_not_logged(attempt):
    # django-axes deletes these itself on a successful login and on the next attempt.
    locked_out(**attempt).delete()
    assert not lockout_entries().exists()


def test_failed_logins_are_not_audit_entries(client, responsible_person):
    for _ in range(6):
        client.post(
            reverse("admin:login"), {"username": "eero", "password": "wrong"}, REMOTE_ADDR="192.0.2.9"
        )
    assert AccessAttempt.objects.get(username="eero").failures_since_start >= 5
    assert not lockout_entries().exists()
