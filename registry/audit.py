"""What the audit trail records of the register (S39).

Every model that holds personal data is registered; secrets are left out.
Read access to a customer is logged by the admin (``CustomerAdmin.change_view``).
"""

from auditlog.registry import auditlog
from django.contrib.auth import get_user_model


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
    ):
        if not auditlog.contains(model):
            auditlog.register(model)
    # S12: the password hash never enters the log, not even masked.
    if not auditlog.contains(models.ExtranetAccount):
        auditlog.register(models.ExtranetAccount, exclude_fields=["password"])
    # Staff accounts are personal data too; logins alone are not changes.
    user_model = get_user_model()
    if not auditlog.contains(user_model):
        auditlog.register(user_model, exclude_fields=["password", "last_login"])
