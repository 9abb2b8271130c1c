from django.conf import settings
from django.core.checks import Warning, register


@register("security", deploy=True)
def audit_chain_key_check(app_configs, **kwargs):
    """S39: the chain key must live apart from the database and from SECRET_KEY."""
    if settings.AUDIT_CHAIN_KEY.startswith("derived-from-secret-key:"):
        return [
            Warning(
                "AUDIT_CHAIN_KEY is not set: the audit trail's hash chain is keyed from SECRET_KEY.",
                hint="Set AUDIT_CHAIN_KEY to a long random secret kept apart from the database and its "
                "backups (README: Audit trail integrity).",
                id="audit_review.W001",
            )
        ]
    return []
