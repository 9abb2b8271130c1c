"""Check the audit trail's hash chain from its first entry to its last (S39).

Exit status 0 when the trail is intact, 1 when it was tampered with, and the
first entry found changed, removed, inserted or moved is named. Run it daily
after seal_audit_trail, and after every restore of a backup.
"""

import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from privacy.audit.models import AuditChainLink
from privacy.audit.services import SealError, read_seal, verify_trail


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit 1 and name the first tampered entry if any."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seal",
            help="A seal file from seal_audit_trail (e-mailed or in AUDIT_SEAL_DIR): also detects entries "
            "removed from the end of the trail after it.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that check parts of a long chain at once (PostgreSQL; default: the number of "
            "cores).",
        )

    def handle(self, *args, seal=None, jobs=None, **options):
        try:
            seal_data = read_seal(seal) if seal else None
        except SealError as error:
            raise CommandError(str(error)) from None
        total = AuditChainLink.objects.count()
        started = time.monotonic()
        show = self.stderr.isatty() if hasattr(self.stderr, "isatty") else False

        def progress(done):
            elapsed = time.monotonic() - started
            share = done / total if total else 1
            bar = "#" * int(share * 30)
            line = f"[{bar:<30}] {done:,}/{total:,} entries, {elapsed:.0f} s"
            if show:
                self.stderr.write(f"\r{line}", ending="")
            elif done - progress.shown >= (total // 10 or 1):
                progress.shown = done
                self.stderr.write(line)

        progress.shown = 0

        result, problem = verify_trail(seal=seal_data, progress=progress, jobs=max(jobs or 1, 1))
        if show:
            self.stderr.write("")
        elapsed = time.monotonic() - started
        if problem is not None:
            self.stderr.write(self.style.ERROR(f"TAMPERED: {problem}"))
            self.stdout.write(
                f"Checked {result.entries:,} entries in {elapsed:.1f} s: the trail is NOT intact."
            )
            sys.exit(1)
        against = f", against the seal of {seal_data['time']}" if seal_data else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Checked {result.entries:,} entries in {elapsed:.1f} s{against}: the trail is intact."
            )
        )
