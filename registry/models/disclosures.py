from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.controller import FINNISH_FALLBACK, translated_value
from registry.models.customers import ProcessingStoppedRule


class Disclosure(ProcessingStoppedRule, models.Model):
    """A disclosure of the customer's data to someone outside the clinic (S16, S17).

    Recorded so that it appears in the customer's access report and so that
    recipients can be told of a correction (GDPR Art. 19).
    """

    class Basis(models.TextChoices):
        LEGAL_OBLIGATION = "legal_obligation", _("required by law")
        LEGAL_PERMISSION = "legal_permission", _("permitted by law")
        CONSENT = "consent", _("the customer's consent")

    customer = models.ForeignKey(
        "registry.Customer", on_delete=models.CASCADE, related_name="disclosures", verbose_name=_("customer")
    )
    recipient = models.CharField(_("recipient"), max_length=200)
    basis = models.CharField(_("basis"), max_length=32, choices=Basis.choices)
    legal_ground = models.CharField(
        _("legal ground"),
        max_length=300,
        help_text=_("The provision or consent the disclosure rests on."),
    )
    # Issue 18 item 9: letters in Swedish and English cite the ground in their language.
    legal_ground_sv = models.CharField(
        _("legal ground in Swedish"), max_length=300, blank=True, help_text=FINNISH_FALLBACK
    )
    legal_ground_en = models.CharField(
        _("legal ground in English"), max_length=300, blank=True, help_text=FINNISH_FALLBACK
    )
    data_disclosed = models.TextField(_("data disclosed"))
    disclosed_at = models.DateTimeField(_("disclosed"), default=timezone.now)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disclosed by"),
    )

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-disclosed_at", "id"]

    def __str__(self):
        return f"{self.recipient} {self.disclosed_at:%Y-%m-%d}"

    def processing_refusal(self, since):
        # S38, D2, D4: a prohibition or restriction of processing also yields only
        # to a legal obligation ("we process your data only as far as the law obliges us").
        if self.basis == self.Basis.LEGAL_OBLIGATION:
            return None
        return _(
            "The customer has prohibited or restricted the processing of their data. "
            "Only a disclosure required by law may be made."
        )

    TRANSLATED_FIELDS = ("legal_ground",)

    def translated(self, field, language=None):
        """``field`` in the active (or the given) language; Finnish when that is empty."""
        return translated_value(self, field, language)

    def clean(self):
        # S37: a customer's prohibition of disclosure yields only to a legal obligation.
        if (
            self.customer_id
            and self.customer.disclosure_prohibited
            and self.basis != self.Basis.LEGAL_OBLIGATION
        ):
            raise ValidationError(
                {
                    "basis": _(
                        "The customer has prohibited disclosure of their data. "
                        "Only a disclosure required by law may be made."
                    )
                }
            )
        if self.disclosed_at and self.disclosed_at > timezone.now():
            raise ValidationError({"disclosed_at": _("A disclosure cannot be in the future.")})
