"""Nothing is lost when the mail server is down (S27, S40; issue 14 item 2).

The register's mail goes into django-post-office's queue in the same
transaction as the change that caused it, and the job worker delivers it
with retries. These tests use a real SMTP server (aiosmtpd) on loopback, and
a closed port for a server that is down.
"""

import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from post_office.models import STATUS, Email

from kanalinhelmi.mail import LONGEST_WAIT, retry_wait
from privacy.models import DataSubjectRequest

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_port(settings):
    """The register's mail goes through the queue to SMTP on this port (nothing listens yet)."""
    port = free_port()
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
        "RETRY_INTERVAL": __import__("datetime").timedelta(seconds=1),
    }
    return port


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def request_form_data():
    return {
        "first_name": "Aino",
        "last_name": "Virtanen",
        "email": "aino.virtanen@example.fi",
        "phone": "040 123 4567",
        "postal_address": "Nortamonkatu 1 A 2, 26100 Rauma",
        "details": "Haluan tarkastaa tietoni.",
        "confirm_truthful": "on",
    }


def test_a_request_made_while_the_mail_server_is_down_gets_its_mail_when_it_comes_back(client, smtp_port):
    response = client.post(reverse("privacy:request", args=["inspection"]), request_form_data())
    assert response.status_code == 302, "the visitor's request is accepted even though mail is down"
    assert DataSubjectRequest.objects.filter(email="aino.virtanen@example.fi").exists()
    (queued,) = Email.objects.all()
    assert queued.to == ["aino.virtanen@example.fi"]

    run_worker()  # the mail server is down: refused, kept for later
    queued.refresh_from_db()
    assert queued.status == STATUS.requeued
    assert queued.number_of_retries == 1
    assert DBTaskResult.objects.filter(status="READY").exists(), "a later delivery is planned"

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    server.start()
    try:
        time.sleep(1.2)  # the first retry comes after one interval
        run_worker()
    finally:
        server.stop()
    queued.refresh_from_db()
    assert queued.status == STATUS.sent
    (delivered,) = inbox.messages
    assert delivered.rcpt_tos == ["aino.virtanen@example.fi"]
    assert "/oikeudet/vahvista/" in delivered.content.decode()


def test_mail_of_a_change_that_is_rolled_back_is_never_sent(smtp_port):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Aihe", "Viesti", None, ["aino.virtanen@example.fi"])
        raise RuntimeError("the change fails after the mail was written")
    assert not Email.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_each_retry_waits_longer_up_to_six_hours(settings):
    waits = [retry_wait(n) for n in range(1, 12)]
    assert waits == sorted(waits)
    assert waits[1] == 2 * waits[0]
    assert waits[-1] == LONGEST_WAIT


def test_mail_that_could_not_be_sent_is_listed_for_the_responsible_person(
    client, smtp_port, responsible_person, customer_service_user
):
    Email.objects.create(
        from_email="tietosuoja@kanalinhelmi.fi",
        to=["x@example.fi"],
        subject="Vahvista pyyntösi",
        status=STATUS.failed,
    )
    client.force_login(responsible_person)
    page = client.get("/admin/post_office/email/?status__exact=1")
    assert page.status_code == 200
    assert "Vahvista pyyntösi" in page.content.decode()
    failed = Email.objects.get()
    client.post(
        "/admin/post_office/email/", {"action": "send_again", "_selected_action": [failed.pk]}, follow=True
    )
    failed.refresh_from_db()
    assert failed.status == STATUS.queued
    assert DBTaskResult.objects.filter(status="READY").exists(), "the worker is asked to send it"
    client.force_login(customer_service_user)
    assert client.get("/admin/post_office/email/").status_code == 403
