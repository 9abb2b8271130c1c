from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.fields import BusinessIdField, PhoneNumberField
from registry.models.controller import FINNISH_FALLBACK, translated_value
from registry.models.customers import PROCESSING_STOPPED, ProcessingStoppedRule
from registry.models.sources import DataSource, source_detail_field, source_field


class Practitioner(models.Model):
    """An independent practitioner (itsenäinen ammatinharjoittaja) at the clinic (S7)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practitioner",
        verbose_name=_("staff account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    profession = models.CharField(_("profession"), max_length=100)
    # Issue 18 item 9: letters in Swedish and English name the profession in their language.
    profession_sv = models.CharField(
        _("profession in Swedish"), max_length=100, blank=True, help_text=FINNISH_FALLBACK
    )
    profession_en = models.CharField(
        _("profession in English"), max_length=100, blank=True, help_text=FINNISH_FALLBACK
    )
    business_id = BusinessIdField(_("business ID"))
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("works at the clinic"), default=True)

    class Meta:
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self):
        return f"{self.last_name} {self.first_name}, {self.translated('profession')}"

    TRANSLATED_FIELDS = ("profession",)

    def translated(self, field, language=None):
        """``field`` in the active (or the given) language; Finnish when that is empty."""
        return translated_value(self, field, language)


class CareRelationshipQuerySet(models.QuerySet):
    def ongoing(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)


class CareRelationship(ProcessingStoppedRule, models.Model):
    """With whom a customer relationship is: the clinic itself or a practitioner (S7)."""

    customer = models.ForeignKey(
        "registry.Customer",
        on_delete=models.CASCADE,
        related_name="care_relationships",
        verbose_name=_("customer"),
    )
    practitioner = models.ForeignKey(
        Practitioner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_relationships",
        verbose_name=_("practitioner"),
        help_text=_("Leave empty when the customer is the clinic's own customer."),
    )
    started_on = models.DateField(_("started"), default=timezone.localdate)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    # S15: staff record whom the customer is in care with.
    source = source_field(DataSource.STAFF)
    source_detail = source_detail_field()

    objects = CareRelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer relationship")
        verbose_name_plural = _("customer relationships")
        ordering = ["-started_on", "id"]
        indexes = [
            # A practitioner's own customers (Customer.objects.visible_to) read
            # from the index alone, dates included, on PostgreSQL.
            models.Index(
                fields=["practitioner", "customer"],
                include=["started_on", "ended_on"],
                name="care_practitioner_idx",
            ),
        ]

    def __str__(self):
        who = self.practitioner or _("the clinic")
        return f"{self.customer} – {who}"

    def processing_refusal(self, since):
        # S38, D4: no new service begins; an existing relationship may be ended
        # or corrected by the responsible person who handles the request.
        return PROCESSING_STOPPED if self._state.adding else None

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A relationship cannot end before it starts.")})
