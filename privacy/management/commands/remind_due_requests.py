"""E-mail the responsible persons the requests that are overdue, due soon or new (S2, S40).

Run daily from cron or a systemd timer (README: "Scheduled commands").
"""

import logging

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.utils import translation

from privacy.notifications import (
    due_requests,
    reminder_recipients,
    render_reminder,
    send_due_request_reminders,
)

logger = logging.getLogger("privacy.notifications")


def valid_site_url(value):
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        raise CommandError(
            f"--site-url must be a web address such as https://rekisteri.example.fi, not {value!r}."
        ) from None
    return value


class Command(BaseCommand):
    help = (
        "E-mail every active Rekisterivastaava with an e-mail address the open data-subject requests "
        "that are overdue, due within 7 days or arrived yesterday. Nothing is sent when there are none."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Send nothing; print the message and its recipients."
        )
        parser.add_argument(
            "--site-url",
            default="",
            help="The back-office's address, e.g. https://rekisteri.kanalinhelmi.fi, to make the links "
            "absolute (default: paths only).",
        )

    def handle(self, *args, dry_run=False, site_url="", **options):
        translation.activate("en")  # the operator's log, like Django's own commands
        site_url = valid_site_url(site_url) if site_url else ""
        recipients = reminder_recipients()
        if dry_run:
            due = due_requests(site_url=site_url)
            if due:
                subject, body = render_reminder(due)
                self.stdout.write(f"Subject: {subject}\n\n{body}")
                if recipients:
                    addresses = ", ".join(user.email for user in recipients)
                    self.stdout.write(
                        f"Dry run: would send a reminder of {due.count} requests to {addresses}."
                    )
                    return
            self._nothing_sent(due)
            return
        due, messages = send_due_request_reminders(site_url=site_url)
        if not messages:
            self._nothing_sent(due)
            return
        line = (
            f"Sent a reminder of {due.count} requests (overdue {len(due.overdue)}, "
            f"due soon {len(due.due_soon)}, new {len(due.arrived)}) to {len(messages)} responsible persons."
        )
        logger.info(line)
        self.stdout.write(self.style.SUCCESS(line))

    def _nothing_sent(self, due):
        if not due:
            self.stdout.write("Nothing to report: no overdue, soon-due or new requests. No e-mail sent.")
            return
        # Requests need attention and nobody would hear of it: fail, so that cron reports it.
        raise CommandError(
            f"{due.count} requests need attention, but no active staff member in the Rekisterivastaava "
            "group has an e-mail address. No e-mail sent."
        )
