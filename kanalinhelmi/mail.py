"""The mail queue: nothing the register sends is lost when the mail server is down (S27, S40).

Every ``send_mail`` of the register goes to django-post-office's backend
(``settings.EMAIL_BACKEND``), which stores the message in the database: in
the same transaction as the change that caused it, so a request that is
saved has its confirmation mail saved with it, and a change that is rolled
back sends nothing. Storing it also enqueues one delivery job
(django-tasks, database backend) in that transaction; the worker
(``manage.py db_worker``, on any number of app servers) runs it.

A delivery sends what is due through the real backend (``EMAIL_URL``). A
message the mail server refuses is tried again later, each time after twice
the wait of the time before (from ``MAIL_RETRY_SECONDS``, at most six hours),
until ``MAIL_MAX_RETRIES``; then it is marked failed, and the responsible
person sees it in the back-office (Mail queue) and can send it again.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task
from post_office.mail import get_queued, send_queued
from post_office.models import STATUS, Email
from post_office.signals import email_queued

logger = logging.getLogger("kanalinhelmi.mail")

_SENDER_LOCK = 0x4B48_4D41  # "KHMA": one sender at a time across app servers
LONGEST_WAIT = timedelta(hours=6)
SENT_KEPT = timedelta(days=7)
FAILED_KEPT = timedelta(days=30)


def retry_wait(retries):
    """How long to wait before the next try, after ``retries`` failed ones: doubling, capped."""
    base = settings.POST_OFFICE["RETRY_INTERVAL"]
    return min(base * 2 ** max(retries - 1, 0), LONGEST_WAIT)


@receiver(email_queued, dispatch_uid="kanalinhelmi_mail_queued")
def deliver_when_queued(sender, emails, **kwargs):
    # The job row is written in the caller's transaction, like the message.
    deliver_mail.enqueue()


@task()
def deliver_mail():
    """Send the mail that is due; come back when the next retry is due. Returns how many were sent."""
    with transaction.atomic():
        if not _take_sender_lock():
            return 0  # another server's worker is sending right now; it sends these too
        due = list(get_queued().values_list("pk", flat=True))
        sent, failed, _requeued = send_queued()
        _space_out_retries(due)
    _forget_old_mail()
    if failed:
        logger.error("%s e-mail messages could not be sent and will not be retried.", failed)
    waiting = Email.objects.filter(status__in=[STATUS.queued, STATUS.requeued]).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )
    if waiting.exists():
        next_due = waiting.aggregate(due=Min("scheduled_time"))["due"] or timezone.now()
        deliver_mail.using(run_after=max(next_due, timezone.now())).enqueue()
    return sent


def _take_sender_lock():
    if connection.vendor != "postgresql":
        return True  # SQLite: one writer at a time anyway
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_SENDER_LOCK])
        return cursor.fetchone()[0]


def _space_out_retries(tried):
    # post-office requeues a refused message at one fixed interval; a mail
    # server that is down for hours is better tried less and less often.
    now = timezone.now()
    for email in Email.objects.filter(pk__in=tried, status=STATUS.requeued):
        email.scheduled_time = now + retry_wait(email.number_of_retries or 1)
        email.save(update_fields=["scheduled_time"])


def _forget_old_mail():
    # A message holds an address and often a link that opens a request
    # (S19, S20): sent mail is kept a week for questions, mail that could not
    # be sent a month, for the responsible person to see and send again.
    now = timezone.now()
    Email.objects.filter(status=STATUS.sent, last_updated__lt=now - SENT_KEPT).delete()
    Email.objects.filter(status=STATUS.failed, last_updated__lt=now - FAILED_KEPT).delete()


def erase_customer_part(*, customer, reason=None):
    """Remove mail still addressed to the customer from the queue (S19); part of ``privacy``'s erasure."""
    removed = 0
    if customer.email:
        for email in Email.objects.filter(to__icontains=customer.email):
            if customer.email.lower() in (address.lower() for address in email.to):
                email.delete()
                removed += 1
    return {
        "deleted": [gettext("e-mail messages waiting in the mail queue: %(count)d") % {"count": removed}]
        if removed
        else [],
        "kept": [],
    }
