"""What the audit trail records of the register (S39).

Every model that holds personal data is registered; secrets are left out.
Read access is logged by the admin when a record is opened (``registry.admin.AccessLoggedMixin``)
and when customers are seen in a list, a search, a history page, the
autocomplete or an action (``kanalinhelmi.admin_mixins.ViewsLoggedMixin``).
Which models hold personal data, and whether each is here, is the data map's
(``<app>/data_map.py``); its test fails when a model that should be here is not.
"""

from auditlog.registry import auditlog


def register_models():
    from registry import models

    # The lock counter is bookkeeping, not personal data.
    if not auditlog.contains(models.Customer):
        auditlog.register(models.Customer, exclude_fields=["version"])
    for model in (
        models.Representative,
        models.Identifier,
        models.Feedback,
        models.BillingProfile,
        models.Order,
        models.Invoice,
        models.Disclosure,
        models.CareRelationship,
        models.Practitioner,
        models.ControllerDetails,
        models.ElectronicIdentity,
    ):
        if not auditlog.contains(model):
            auditlog.register(model)
    # S12: the password hash never enters the log, not even masked.
    if not auditlog.contains(models.ExtranetAccount):
        auditlog.register(models.ExtranetAccount, exclude_fields=["password"])
    # Staff accounts and their roles are registered by kanalinhelmi/apps.py,
    # which owns the staff roles.
