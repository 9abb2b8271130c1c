"""Log entries are read-only everywhere, even for the responsible person (S39)."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

REVIEW_URLS = [
    reverse("audit_review:review"),
    reverse("audit_review:busy_days"),
    reverse("audit_review:export"),
    reverse("audit_review:customer", args=[1]),
    reverse("audit_review:staff", args=[1]),
]


@pytest.fixture
def entry():
    return LogEntry.objects.get_for_object(CustomerFactory(email="alku@example.fi")).get()


def assert_unchanged(entry):
    stored = LogEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.changes, stored.actor_id) == (entry.action, entry.changes, entry.actor_id)


@pytest.mark.parametrize("url", REVIEW_URLS)
def test_review_pages_accept_only_get(reviewer_client, url, entry):
    for method in (reviewer_client.post, reviewer_client.put, reviewer_client.delete):
        assert method(url).status_code == 405
    assert_unchanged(entry)


def test_admin_change_form_of_an_entry_does_not_save(reviewer_client, entry):
    url = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    response = reviewer_client.post(url, {"action": LogEntry.Action.DELETE, "object_repr": "muutettu"})
    # Refused, or sent back to the entry: never to a login page (a 302 too).
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login/" not in response["Location"]
    assert_unchanged(entry)


def test_admin_delete_of_an_entry_is_refused(reviewer_client, entry):
    url = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert reviewer_client.post(url, {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_admin_bulk_delete_action_is_not_offered_and_does_nothing(reviewer_client, entry):
    url = reverse("admin:auditlog_logentry_changelist")
    page = reviewer_client.get(url)
    assert page.status_code == 200
    assert "delete_selected" not in page.content.decode()
    reviewer_client.post(url, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_even_a_superuser_cannot_change_or_delete_an_entry(client, django_user_model, entry):
    admin = django_user_model.objects.create_superuser("yllapito", "yllapito@example.fi", "x" * 20)
    client.force_login(admin)
    client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {"object_repr": "muutettu"})
    client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"})
    client.post(
        reverse("admin:auditlog_logentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert client.post(reverse("audit_review:review")).status_code == 405
    assert_unchanged(entry)


def test_review_proxy_in_the_admin_offers_no_add_change_or_delete(reviewer_client, entry):
    response = reviewer_client.get(reverse("admin:audit_review_auditreview_changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("audit_review:review")
    assert reviewer_client.post(reverse("admin:audit_review_auditreview_changelist")).status_code == 302
    assert_unchanged(entry)
