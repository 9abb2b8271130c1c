from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.customers import PROCESSING_STOPPED, ProcessingStoppedRule


class ConsentLink(ProcessingStoppedRule, models.Model):
    """One e-mailed link to a customer's consent page (GDPR Art. 7(3)).

    The link carries only ``key``, a random value, signed and time-stamped
    (``consent.tokens``), so it says nothing about who it belongs to (issue
    10, item 13). The row ties the key to the customer and to a fingerprint
    of the address it was sent to, so that changing the address invalidates
    the link. Rows older than CONSENT_LINK_DAYS are removed as new links are
    made, and with the customer's consents on erasure.
    """

    key = models.CharField(max_length=43, unique=True)
    customer = models.ForeignKey(
        "registry.Customer", on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    email_fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("consent link")
        verbose_name_plural = _("consent links")

    def __str__(self):
        return f"{self.customer_id} {self.created_at:%Y-%m-%d}"

    def processing_refusal(self, since):
        # S38, D4: no new e-mail to a customer who stopped processing; a
        # consent is withdrawn through their request or by letter.
        return PROCESSING_STOPPED
