"""Django's own admin log is not written (S19–S21, S39).

``django.contrib.admin`` keeps a log of its own (the ``django_admin_log``
table, shown as "Recent actions"): the name of every record added, changed
or deleted on an admin page, and the names of the rows added or changed
beside it (a representative on the customer's page). Nothing in erasure or
retention knew of it, so an erased customer stayed there by name.

Two logs of the same changes would need two erasures, two retention rules
and two access reports, and the second adds nothing: the audit trail
(django-auditlog) records every change on every path, with values that
erasure and retention redact (S19, S39). So no admin page writes the admin
log. Every ``ModelAdmin`` is covered, those of other packages too (staff
accounts, authenticator apps), because the three methods Django calls are
replaced on the base class once, when the project starts; the rows written
before this was done are deleted by the migration
``kanalinhelmi/migrations/0006_forget_admin_log.py``. Erasure deletes any
admin-log row about what it erases as well, should a package write one by
its own path (``privacy.services.erasure``).
"""


def not_written(self, request, *args, **kwargs):
    """Stands in for ``ModelAdmin.log_addition``, ``log_change`` and ``log_deletions``: writes nothing."""
    return None


def stop_writing_admin_log():
    from django.contrib.admin import ModelAdmin

    ModelAdmin.log_addition = not_written
    ModelAdmin.log_change = not_written
    ModelAdmin.log_deletions = not_written
