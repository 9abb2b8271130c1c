"""Keep the audit trail complete as it is written (S31, S39).

Every new entry gets the customer it concerns (see models.py) and the roles
its staff member held when it was written; lifting a login lockout leaves an
entry of its own.
"""

from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from privacy.audit import summaries
from privacy.audit.models import CustomerLogEntry
from privacy.audit.selectors import ROLES_KEY, stored_roles


def store_actor_roles(entry):
    """Put the actor's role groups, as they are now, into ``entry.additional_data``.

    Only when the entry has an actor and no roles yet. Whatever else
    ``additional_data`` holds (a model's ``get_additional_data()``) is kept;
    when it holds something other than a dictionary it is left as it is and
    the review falls back to the actor's current roles. True if roles were
    stored.
    """
    if entry.actor_id is None or stored_roles(entry.additional_data) is not None:
        return False
    if entry.additional_data is not None and not isinstance(entry.additional_data, dict):
        return False
    roles = sorted(entry.actor.groups.values_list("name", flat=True))
    entry.additional_data = {**(entry.additional_data or {}), ROLES_KEY: roles}
    return True


@receiver(pre_save, sender=LogEntry, dispatch_uid="audit_review_roles_of_new_entry")
def record_actor_roles(sender, instance, raw=False, **kwargs):
    # S39: the customer has the right to know in what role someone looked at
    # their data, and roles change; so the role is recorded with the entry.
    # Only new entries: erasure's redaction re-saves old ones (privacy/services.py).
    if instance._state.adding and not raw:
        store_actor_roles(instance)


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_review_link_new_entry")
def link_new_entry(sender, instance, created, raw=False, **kwargs):
    # Every new entry, whether auditlog's receivers wrote it or a service
    # wrote it with LogEntry.objects.log_create(), passes through here once.
    if created and not raw:
        # auditlog's request context sets the actor in a pre_save receiver of
        # its own, connected per request and so run after ours: roles of an
        # actor set that way are stored here.
        if store_actor_roles(instance):
            LogEntry.objects.filter(pk=instance.pk).update(additional_data=instance.additional_data)
        CustomerLogEntry.link(instance)
        summaries.entry_written(instance)


@receiver(post_delete, sender=AccessAttempt, dispatch_uid="audit_review_lockout_lifted")
def log_lifted_lockout(sender, instance, **kwargs):
    # S31, S39: lifting a lockout lets someone try passwords again, so who
    # lifted whose lockout is in the trail. django-axes deletes attempts of
    # its own too (a successful login, an expired cool-off); those lift no
    # lockout in force and every failed attempt is already in axes' own
    # logs, so only the lifting of a lockout in force is written here.
    from privacy.audit.lockouts import is_lockout_in_force, log_lifted

    if is_lockout_in_force(instance):
        log_lifted(instance)


# --- The tamper-evident chain (S39, chain.py) -----------------------------------------------------
# Connected after link_new_entry above, so the chain covers the entry as it
# stands once its roles are stored.


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_chain_new_entry")
def chain_new_entry(sender, instance, created, raw=False, **kwargs):
    from privacy.audit import chain

    if created and not raw:
        chain.append(instance.pk)


@receiver(pre_save, sender=LogEntry, dispatch_uid="audit_chain_before_change")
def remember_entry_before_change(sender, instance, raw=False, **kwargs):
    # Erasure blanks values of old entries (privacy.services.redact_entries):
    # the row as it was is needed to keep the hash the chain was built on.
    from privacy.audit import chain

    if not instance._state.adding and not raw and instance.pk is not None:
        instance._chain_row_before = chain.read_row(instance.pk)


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_chain_after_change")
def chain_changed_entry(sender, instance, created, raw=False, **kwargs):
    from privacy.audit import chain
    from privacy.audit.models import AuditChainLink

    before = getattr(instance, "_chain_row_before", None)
    if created or raw or before is None:
        return
    del instance._chain_row_before
    link = AuditChainLink.objects.filter(log_entry_id=instance.pk).first()
    if link is not None:
        chain.record_value_changes(link, before, chain.read_row(instance.pk))


@receiver(post_delete, sender=LogEntry, dispatch_uid="audit_chain_entry_removed")
def chain_removed_entry(sender, instance, **kwargs):
    # Retention removes old entries (S19-S21); the link stays, marked.
    from privacy.audit import chain
    from privacy.audit.models import AuditChainLink

    link = AuditChainLink.objects.filter(log_entry_id=instance.pk).first()
    if link is not None:
        chain.mark_pruned(link)
