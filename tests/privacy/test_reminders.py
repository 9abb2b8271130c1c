"""The responsible person hears every day of requests that are overdue, due soon or new (S2, S40)."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from kanalinhelmi import roles
from privacy.models import DataSubjectRequest
from tests.conftest import make_staff
from tests.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db

State = DataSubjectRequest.State
TODAY = timezone.localdate


def request_due_in(days, state=State.IN_PROGRESS, **kwargs):
    """An open request (by default in progress) whose answer is due in ``days`` days."""
    due = TODAY() + timedelta(days=days)
    return DataSubjectRequestFactory(
        state=state,
        confirmed_at=timezone.now() - timedelta(days=30),
        due_on=due,
        original_due_on=due,
        **kwargs,
    )


def confirmed_yesterday(**kwargs):
    """A request whose e-mail link was followed yesterday, at noon."""
    noon = timezone.make_aware(datetime.combine(TODAY() - timedelta(days=1), time(12)))
    return DataSubjectRequestFactory(
        state=State.EMAIL_CONFIRMED, received_at=noon, confirmed_at=noon, **kwargs
    )


@pytest.fixture
def eero(db):
    return make_staff("eero", roles.RESPONSIBLE_PERSON, email="eero.rekisterivastaava@kanalinhelmi.fi")


def remind(*args):
    call_command("remind_due_requests", *args, stdout=io.StringIO())


def test_overdue_and_soon_due_requests_are_listed_with_their_back_office_links(eero, outbox):
    overdue = request_due_in(-3, kind="erasure")
    soon = request_due_in(5, state=State.IDENTITY_VERIFIED)
    remind()
    (message,) = outbox
    assert message.to == ["eero.rekisterivastaava@kanalinhelmi.fi"]
    assert "myöhässä 1, erääntyy pian 1" in message.subject
    body = message.body
    assert f"#{overdue.pk} tietojen poistaminen – käsittelyssä – eräpäivä" in body
    assert "myöhässä 3 päivää" in body
    assert f"/admin/privacy/datasubjectrequest/{overdue.pk}/change/" in body
    assert f"#{soon.pk} tarkastuspyyntö" in body
    assert "henkilöllisyys todennettu" in body
    assert (TODAY() + timedelta(days=5)).isoformat() in body
    assert f"/admin/privacy/datasubjectrequest/{soon.pk}/change/" in body
    assert body.index(f"#{overdue.pk} ") < body.index(f"#{soon.pk} ")


def test_request_confirmed_yesterday_is_announced_as_new(eero, outbox):
    new = confirmed_yesterday(kind="correction", details="Osoite on väärin.")
    remind()
    (message,) = outbox
    assert "uusia 1" in message.subject
    assert f"#{new.pk} tietojen korjaaminen – pyytäjä vahvistanut" in message.body


def test_request_due_in_a_month_or_closed_is_not_listed(eero, outbox):
    later = request_due_in(30)
    closed = request_due_in(-3, state=State.COMPLETED)
    unconfirmed = request_due_in(-3, state=State.SUBMITTED)
    listed = request_due_in(2)
    remind()
    (message,) = outbox
    assert f"#{listed.pk} " in message.body
    for request in (later, closed, unconfirmed):
        assert f"#{request.pk} " not in message.body
        assert f"/{request.pk}/change/" not in message.body


def test_request_confirmed_today_or_two_days_ago_is_not_announced_as_new(eero, outbox):
    DataSubjectRequestFactory(state=State.EMAIL_CONFIRMED, confirmed_at=timezone.now())
    two_days_ago = timezone.make_aware(datetime.combine(TODAY() - timedelta(days=2), time(23, 59)))
    DataSubjectRequestFactory(
        state=State.EMAIL_CONFIRMED, received_at=two_days_ago, confirmed_at=two_days_ago
    )
    remind()
    assert outbox == []


def test_message_carries_no_personal_data_of_the_requester(eero, outbox):
    request_due_in(
        -1,
        first_name="Aino",
        last_name="Virtanen",
        email="aino.virtanen@example.fi",
        phone="+358401234567",
        postal_address="Kauppakatu 1, 26100 Rauma",
        details="Hammashoidon laskuni on väärin.",
        on_behalf=True,
        subject_first_name="Eino",
        subject_last_name="Virtanen",
        mandate_details="Huoltajuuspäätös 1.2.2020",
    )
    confirmed_yesterday(first_name="Kalle", last_name="Korhonen", email="kalle@example.fi")
    remind()
    (message,) = outbox
    text = message.subject + message.body
    for personal in (
        "Aino",
        "Virtanen",
        "aino.virtanen",
        "Eino",
        "Kalle",
        "Korhonen",
        "kalle@",
        "401234567",
        "Kauppakatu",
        "Hammashoido",
        "Huoltajuus",
    ):
        assert personal not in text


def test_nothing_is_sent_when_there_is_nothing_to_report(eero, outbox):
    request_due_in(30)
    out = io.StringIO()
    call_command("remind_due_requests", stdout=out)
    assert outbox == []
    assert "Nothing to report" in out.getvalue()


def test_dry_run_prints_the_message_and_sends_nothing(eero, outbox):
    overdue = request_due_in(-1)
    out = io.StringIO()
    call_command("remind_due_requests", "--dry-run", stdout=out)
    assert outbox == []
    assert f"#{overdue.pk} tarkastuspyyntö" in out.getvalue()
    assert "would send a reminder of 1 requests to eero.rekisterivastaava@kanalinhelmi.fi" in out.getvalue()


def test_only_active_responsible_persons_with_an_e_mail_address_receive_it(eero, outbox):
    make_staff("kaisa", roles.RESPONSIBLE_PERSON, email="kaisa@kanalinhelmi.fi")
    make_staff("ville", roles.RESPONSIBLE_PERSON, email="")
    make_staff("former", roles.RESPONSIBLE_PERSON, email="former@kanalinhelmi.fi", is_active=False)
    make_staff("sanna", roles.CUSTOMER_SERVICE, email="sanna@kanalinhelmi.fi")
    make_staff("jari", roles.BILLING, email="jari@kanalinhelmi.fi")
    request_due_in(-1)
    remind()
    assert sorted(message.to[0] for message in outbox) == [
        "eero.rekisterivastaava@kanalinhelmi.fi",
        "kaisa@kanalinhelmi.fi",
    ]
    assert all(len(message.to) == 1 and not message.cc and not message.bcc for message in outbox)


def test_site_url_makes_the_links_absolute(eero, outbox):
    overdue = request_due_in(-1)
    remind("--site-url", "https://rekisteri.kanalinhelmi.fi/")
    assert f"https://rekisteri.kanalinhelmi.fi/admin/privacy/datasubjectrequest/{overdue.pk}/change/" in (
        outbox[0].body
    )


def test_a_bad_site_url_is_refused(eero, outbox):
    request_due_in(-1)
    with pytest.raises(CommandError, match="--site-url"):
        remind("--site-url", "rekisteri")
    assert outbox == []


def test_requests_needing_attention_without_any_recipient_fail_loudly(outbox):
    make_staff("ville", roles.RESPONSIBLE_PERSON, email="")
    request_due_in(-1)
    with pytest.raises(CommandError, match="Rekisterivastaava"):
        remind()
    assert outbox == []
