"""The e-mailed link: signed, expiring, single-use; unconfirmed requests expire (S33)."""

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from privacy.models import DataSubjectRequest
from privacy.tokens import confirmation_token_generator
from tests.factories import DataSubjectRequestFactory
from tests.privacy.conftest import confirmation_link

pytestmark = pytest.mark.django_db


def submit(client):
    client.post(
        reverse("privacy:request", args=["inspection"]),
        {"first_name": "Aino", "last_name": "Virtanen", "email": "aino@example.fi", "confirm_truthful": "on"},
    )
    return DataSubjectRequest.objects.get()


def test_following_the_link_and_confirming_makes_the_request_workable(client, outbox):
    dsr = submit(client)
    link = confirmation_link(outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "Vahvista pyyntö" in page.content.decode()
    dsr.refresh_from_db()
    assert dsr.state == "submitted", "opening the link alone (a mail scanner) must not confirm"
    response = client.post(link)
    assert response.status_code == 200
    dsr.refresh_from_db()
    assert dsr.state == "email_confirmed"
    assert dsr.confirmed_at is not None


def test_a_used_link_does_not_work_again(client, outbox):
    submit(client)
    link = confirmation_link(outbox[0])
    client.post(link)
    response = client.post(link)
    assert response.status_code == 400
    assert "ei ole voimassa" in response.content.decode()


def test_a_tampered_link_is_refused(client, outbox):
    dsr = submit(client)
    link = confirmation_link(outbox[0])
    response = client.post(link[:-3] + "abc/")
    assert response.status_code == 400
    dsr.refresh_from_db()
    assert dsr.state == "submitted"


def test_a_link_is_not_valid_for_another_request(client):
    first = DataSubjectRequestFactory()
    other = DataSubjectRequestFactory()
    token = confirmation_token_generator.make_token(first)
    assert not confirmation_token_generator.check_token(other, token)


def test_an_expired_link_is_refused(settings, monkeypatch):
    dsr = DataSubjectRequestFactory()
    token = confirmation_token_generator.make_token(dsr)
    later = datetime.now() + timedelta(seconds=settings.PRIVACY_CONFIRMATION_TIMEOUT + 60)
    monkeypatch.setattr(confirmation_token_generator, "_now", lambda: later)
    assert not confirmation_token_generator.check_token(dsr, token)


def test_unconfirmed_requests_expire_after_the_link_does(settings):
    old = DataSubjectRequestFactory(
        received_at=timezone.now() - timedelta(seconds=settings.PRIVACY_CONFIRMATION_TIMEOUT + 60)
    )
    fresh = DataSubjectRequestFactory()
    call_command("expire_unconfirmed_requests")
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.state == "expired"
    assert old.events.filter(to_state="expired").exists()
    assert fresh.state == "submitted"


def test_expiry_dry_run_changes_nothing(settings, capsys):
    old = DataSubjectRequestFactory(
        received_at=timezone.now() - timedelta(seconds=settings.PRIVACY_CONFIRMATION_TIMEOUT + 60)
    )
    call_command("expire_unconfirmed_requests", "--dry-run")
    old.refresh_from_db()
    assert old.state == "submitted"
    assert "Would expire 1" in capsys.readouterr().out
