"""Seal the head of the audit trail's chain (S39); run daily.

The seal (entry count, chain hash, time, signed with the chain key) is kept
in the database for the audit review, written to AUDIT_SEAL_DIR when set and
e-mailed to the responsible persons, so that a copy exists that the database
administrator cannot rewrite.
"""

from django.core.management.base import BaseCommand

from privacy.audit.services import seal_file_name, seal_trail


class Command(BaseCommand):
    help = "Sign the head of the audit trail's chain, store it, write it to AUDIT_SEAL_DIR and e-mail it."

    def handle(self, *args, **options):
        _record, seal = seal_trail()
        self.stdout.write(
            self.style.SUCCESS(
                f"Sealed the audit trail at {seal['seq']:,} entries ({seal['time']}): {seal_file_name(seal)}."
            )
        )
