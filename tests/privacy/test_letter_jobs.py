"""Letters are made by a background job (issue 14 items 1 and 4; S27, S40).

Staff who complete a request get the page back at once, with the letter
"being prepared"; the worker (``manage.py db_worker``) writes it. A job that
fails shows on the request's page with a retry button, and a job whose
worker was killed makes the letter once when it is run again.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from privacy import jobs, services
from privacy.models import RequestLetter
from tests.factories import CustomerFactory
from tests.privacy.conftest import in_progress

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def letter_jobs():
    return DBTaskResult.objects.filter(task_path="privacy.jobs.make_letter")


def request_page(client, dsr):
    return client.get(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])).content.decode()


@pytest.fixture
def completed(letters_by_worker, customer_service_user):
    """A completed inspection whose answer waits for the worker."""
    dsr = in_progress(customer_service_user, customer=CustomerFactory())
    return services.complete_request(request=dsr, by=customer_service_user)


def test_completing_shows_the_letter_being_prepared_then_the_worker_makes_it(
    client, customer_service_user, completed
):
    """Issue 14 items 1 and 3: the transition is committed at once; the letter, its access report
    and the machine-readable copy follow from the job."""
    dsr = completed
    letter = dsr.letters.get()
    assert dsr.state == "completed"
    assert letter.status == RequestLetter.Status.PREPARING and letter.pdf == b""
    assert letter.data_export is None  # item 3: the access report too is built by the job
    assert letter_jobs().filter(status="READY").count() == 1
    client.force_login(customer_service_user)
    page = request_page(client, dsr)
    assert "Kirjettä valmistellaan" in page
    assert "Lataa kirje (PDF)" not in page
    # Not downloadable, and not to be marked sent, before it exists.
    pdf_url = reverse("admin:privacy_request_letter", args=[dsr.pk, letter.pk, "pdf"])
    assert client.get(pdf_url).status_code == 404

    run_worker()

    letter.refresh_from_db()
    assert letter.status == RequestLetter.Status.READY
    assert bytes(letter.pdf).startswith(b"%PDF")
    assert letter.context == {}
    assert {section["key"] for section in letter.data_export["sections"]} >= {"customer"}
    page = request_page(client, dsr)
    assert "Kirjettä valmistellaan" not in page and "Lataa kirje (PDF)" in page
    assert client.get(pdf_url).content == bytes(letter.pdf)
    json_url = reverse("admin:privacy_request_letter", args=[dsr.pk, letter.pk, "json"])
    assert json_url in page and client.get(json_url).status_code == 200
    assert letter_jobs().get().status == "SUCCESSFUL"


def test_a_failed_letter_job_is_shown_with_a_retry_that_makes_it(
    client, customer_service_user, completed, monkeypatch
):
    """Issue 14 item 1: a job that raises leaves a visible failure and a "Yritä uudelleen" button."""
    dsr = completed

    def broken(html):
        raise OSError("no space left on device")

    monkeypatch.setattr("privacy.letters.html_to_pdf", broken)
    run_worker()
    letter = dsr.letters.get()
    assert letter.status == RequestLetter.Status.FAILED
    assert letter_jobs().get().status == "FAILED"
    client.force_login(customer_service_user)
    page = request_page(client, dsr)
    assert "Kirjettä ei voitu tehdä." in page and "Yritä uudelleen" in page

    monkeypatch.undo()
    retry = reverse("admin:privacy_request_letter_retry", args=[dsr.pk, letter.pk])
    response = client.post(retry, follow=True)
    assert "Kirjettä valmistellaan" in response.content.decode()
    run_worker()

    letter.refresh_from_db()
    assert letter.status == RequestLetter.Status.READY and bytes(letter.pdf).startswith(b"%PDF")
    assert dsr.letters.count() == 1
    assert "Yritä uudelleen" not in request_page(client, dsr)


def test_only_staff_who_act_on_requests_retry_and_only_a_failed_letter(
    client, customer_service_user, practitioner_user, completed
):
    dsr = completed
    letter = dsr.letters.get()
    retry = reverse("admin:privacy_request_letter_retry", args=[dsr.pk, letter.pk])
    client.force_login(practitioner_user)
    assert client.post(retry).status_code == 403
    client.force_login(customer_service_user)
    client.post(retry)  # still being prepared: nothing to retry
    assert letter_jobs().count() == 1


def test_a_letter_whose_worker_was_killed_is_made_once_when_run_again(
    client, customer_service_user, completed
):
    """Issue 14 item 4: the worker dies in the middle of the letter. Its job row stays RUNNING and
    the letter "being prepared" (the render's transaction never committed). Run again, the job
    makes the letter once; the old job, should it ever finish, changes nothing."""
    dsr = completed
    letter = dsr.letters.get()
    job = letter_jobs().get()
    DBTaskResult.objects.filter(pk=job.pk).update(status="RUNNING", started_at=timezone.now())
    run_worker()  # a running job is not taken again
    letter.refresh_from_db()
    assert letter.status == RequestLetter.Status.PREPARING

    # A letter job takes seconds: later the page offers to make it again.
    RequestLetter.objects.filter(pk=letter.pk).update(prepared_at=timezone.now() - timedelta(hours=1))
    client.force_login(customer_service_user)
    assert "Yritä uudelleen" in request_page(client, dsr)
    client.post(reverse("admin:privacy_request_letter_retry", args=[dsr.pk, letter.pk]))
    run_worker()
    letter.refresh_from_db()
    assert letter.status == RequestLetter.Status.READY
    made = bytes(letter.pdf)

    # The killed job run again after all: nothing more is written.
    assert jobs.make_letter.call(letter.pk) is False
    letter.refresh_from_db()
    assert bytes(letter.pdf) == made
    assert dsr.letters.count() == 1


def test_the_job_run_again_after_a_crash_makes_the_letter_once(completed):
    """Issue 14 item 4: the same job run twice (a worker killed after it started) writes one letter."""
    letter = completed.letters.get()
    assert jobs.make_letter.call(letter.pk) is True
    first = RequestLetter.objects.get(pk=letter.pk)
    assert jobs.make_letter.call(letter.pk) is False
    assert RequestLetter.objects.get(pk=letter.pk).html == first.html
    assert completed.letters.count() == 1


@pytest.mark.parametrize("service", ["approve_request", "extend_deadline"])
def test_rejections_and_extension_notices_are_made_by_the_worker_too(
    letters_by_worker, customer_service_user, responsible_person, service
):
    dsr = in_progress(customer_service_user, customer=CustomerFactory())
    if service == "approve_request":
        dsr = services.propose_rejection(
            request=dsr, by=customer_service_user, reason="manifestly_unfounded", explanation="Toistuva."
        )
        dsr = services.approve_request(request=dsr, by=responsible_person)
    else:
        dsr = services.extend_deadline(request=dsr, by=customer_service_user, months=1, ground="complex")
    letter = dsr.letters.get()
    assert letter.status == RequestLetter.Status.PREPARING
    run_worker()
    letter.refresh_from_db()
    assert letter.status == RequestLetter.Status.READY and bytes(letter.pdf).startswith(b"%PDF")
