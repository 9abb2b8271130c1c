from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    """Retention rules and the job that applies them (S19–S21)."""

    name = "privacy.retention"
    label = "retention"
    verbose_name = _("Retention")

    def ready(self):
        from auditlog.registry import auditlog

        from privacy.retention.models import RelationshipEnding, RetentionBatch, RetentionRule

        for model in (RetentionRule, RelationshipEnding, RetentionBatch):
            if not auditlog.contains(model):
                auditlog.register(model)
