"""Expire web requests whose e-mail link was never followed (run daily from cron or a systemd timer)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from privacy.models import DataSubjectRequest
from privacy.services import expire_unconfirmed_requests


class Command(BaseCommand):
    help = "Mark data-subject requests not confirmed within PRIVACY_CONFIRMATION_HOURS as expired."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only say how many would expire.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            limit = timezone.now() - timedelta(seconds=settings.PRIVACY_CONFIRMATION_TIMEOUT)
            count = DataSubjectRequest.objects.filter(
                state=DataSubjectRequest.State.SUBMITTED, received_at__lt=limit
            ).count()
            self.stdout.write(f"Would expire {count} unconfirmed requests.")
            return
        count = expire_unconfirmed_requests()
        self.stdout.write(f"Expired {count} unconfirmed requests.")
