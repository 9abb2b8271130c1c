from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditReviewConfig(AppConfig):
    """The responsible person's review of the audit trail (S2, S39)."""

    name = "privacy.audit"
    label = "audit_review"
    verbose_name = _("Audit review")

    def ready(self):
        from privacy.audit import checks, receivers  # noqa: F401
