"""Letters made by a background job (issue 14, S27, S40).

Staff who complete, approve or extend a request get the page back at once:
the transition and a ``RequestLetter`` "being prepared" are committed
together with one job (django-tasks, database backend), and the worker
(``manage.py db_worker``) renders the HTML and PDF into that row; for an
inspection it builds the access report and its JSON copy too. A job that
fails leaves the letter "could not be made", shown on the request's page
with a retry button (``privacy.services.retry_letter``).

The job is idempotent: it writes only a letter still being prepared, with
the letter's row locked, so a job run again after its worker was killed
finishes the same letter, once, and a second run of a finished one does
nothing.
"""

import logging

from django.conf import settings
from django.db import transaction
from django_tasks import task

from privacy.models import RequestLetter

logger = logging.getLogger("kanalinhelmi.letters")


def enqueue_letter(letter):
    """Enqueue the job that writes ``letter``, in the caller's transaction.

    A task backend named "letters" is used when configured (the tests run
    letters at once with django-tasks' ImmediateBackend), else the default.
    """
    backend = "letters" if "letters" in settings.TASKS else "default"
    return make_letter.using(backend=backend).enqueue(letter.pk)


@task()
def make_letter(letter_id):
    """Write the HTML and PDF of a letter being prepared. Returns whether it wrote it."""
    from privacy.letters import answer_report, render_letter
    from privacy.services.electronic import notify_letter_ready

    try:
        with transaction.atomic():
            letter = RequestLetter.objects.select_for_update().filter(pk=letter_id).first()
            if letter is None or letter.status != RequestLetter.Status.PREPARING:
                return False  # made already (a job run twice), or gone with its request
            context = dict(letter.context)
            if context.pop("access_report", False):
                # The inspection's answer: its report and machine-readable copy are built here too.
                context["report"] = letter.data_export = answer_report(letter.request)
            html, pdf = render_letter(letter.request, letter.template, context)
            letter.html, letter.pdf, letter.status = html, pdf, RequestLetter.Status.READY
            letter.context = {}  # written into the letter: not kept twice
            letter.save(update_fields=["html", "pdf", "status", "context", "data_export"])
            # Issue 12: an answer waiting on the own page is announced with the letter, in one transaction.
            notify_letter_ready(letter)
            return True
    except Exception:
        logger.exception("Letter %s could not be made.", letter_id)
        RequestLetter.objects.filter(pk=letter_id, status=RequestLetter.Status.PREPARING).update(
            status=RequestLetter.Status.FAILED
        )
        raise
