"""Apply the retention rules (S19–S21); run daily (README: "Scheduled commands")."""

import logging
import uuid

from auditlog.cid import correlation_id
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from privacy.retention.jobs import JOBS, apply_rule
from privacy.retention.models import RetentionRule

logger = logging.getLogger("privacy.retention")


class Command(BaseCommand):
    help = "Remove data past its retention period. With --dry-run, only print what would be removed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Change nothing; print what would be done."
        )
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per batch (default 500).")
        parser.add_argument(
            "--rule",
            action="append",
            choices=[key.value for key in JOBS],
            help="Only this rule (repeatable).",
        )

    def handle(self, *args, dry_run=False, batch_size=500, rule=None, **options):
        translation.activate("en")  # the operator's log, like Django's own commands
        now = timezone.now()
        rules = RetentionRule.objects.filter(key__in=rule or list(JOBS))
        order = list(JOBS)
        rules = sorted(rules, key=lambda r: order.index(r.key))
        # One correlation id for the run, so the audit review can show everything it did.
        run_id = f"retention-run-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        token = correlation_id.set(run_id)
        counts = {}
        try:
            for retention_rule in rules:
                self.stdout.write(
                    f"{retention_rule.key}: kept for {retention_rule.period} {retention_rule.unit}"
                    + (", dry run" if dry_run else "")
                )
                counts[retention_rule.key] = apply_rule(
                    retention_rule,
                    now=now,
                    dry_run=dry_run,
                    batch_size=batch_size,
                    progress=self.stdout.write,
                )
        finally:
            correlation_id.reset(token)
        verb = "would remove" if dry_run else "removed"
        summary = ", ".join(f"{key} {count}" for key, count in counts.items())
        line = f"Retention {verb} {sum(counts.values())} rows ({summary}); run {run_id}."
        logger.info(line)
        self.stdout.write(self.style.SUCCESS(line))
