"""Keep the customer links of the audit trail up to date (see models.py)."""

from auditlog.models import LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from privacy.audit.models import CustomerLogEntry


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_review_link_new_entry")
def link_new_entry(sender, instance, created, raw=False, **kwargs):
    # Every new entry, whether auditlog's receivers wrote it or a service
    # wrote it with LogEntry.objects.log_create(), passes through here once.
    if created and not raw:
        CustomerLogEntry.link(instance)
