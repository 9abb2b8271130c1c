from django import template

from privacy.audit.models import AuditVerification

register = template.Library()


@register.inclusion_tag("audit_review/_integrity_status.html")
def audit_integrity_status():
    """The last check of the chain, for the top of every review page (S39)."""
    return {"check": AuditVerification.objects.order_by("-finished_at", "-pk").first()}
