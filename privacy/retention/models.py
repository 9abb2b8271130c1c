"""Retention (S19–S21): rules as data, and the record of ended customer relationships.

The rules' defaults live in code (``rules.py``) and a data migration puts
them in the database, where the responsible person reads them in the
back-office and may change a period; ``apply_retention`` applies them.
"""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.retention import rules


def months_before(day, months):
    """The same day ``months`` calendar months earlier; a missing day falls to the month's end."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class RetentionRule(models.Model):
    Key = rules.Key

    class Unit(models.TextChoices):
        DAYS = "days", _("days")
        MONTHS = "months", _("months")
        YEARS = "years", _("years")

    key = models.CharField(_("data"), max_length=32, choices=Key.choices, unique=True)
    period = models.PositiveIntegerField(_("kept for"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["key"]

    def __str__(self):
        return str(self.get_key_display())

    @property
    def default(self):
        return rules.DEFAULTS[self.key]

    @property
    def description(self):
        return self.default.description

    @property
    def legal_basis(self):
        return self.default.legal_basis

    def clean(self):
        minimum = self.default.minimum
        if minimum and self.period < minimum:
            raise ValidationError(
                {
                    "period": _("The law requires at least %(minimum)s %(unit)s.")
                    % {"minimum": minimum, "unit": self.get_unit_display()}
                }
            )

    def cutoff(self, now=None):
        """The moment before which data under this rule is removed (kept if at or after it)."""
        now = now or timezone.now()
        if self.unit == self.Unit.DAYS:
            return now - timedelta(days=self.period)
        months = self.period * (12 if self.unit == self.Unit.YEARS else 1)
        local = timezone.localtime(now)
        return local.replace(**_date_parts(months_before(local.date(), months)))

    def cutoff_date(self, now=None):
        return timezone.localtime(self.cutoff(now)).date()


def _date_parts(day):
    return {"year": day.year, "month": day.month, "day": day.day}


class RelationshipEnding(models.Model):
    """A customer relationship ended (S20) or a customer removed after misuse (S21).

    Who decided it, when, and why. The customer's number stays after the
    customer row is gone, so the record still says which removal it was.

    The record is not kept forever: the "ended relationships" rule blanks
    the reason (free text, possibly about an offence) once the data has been
    removed for the rule's period, and deletes the whole record then if the
    customer row is gone too; a record whose customer row is still kept for
    billing vouchers stays, without its reason, because it is what lets the
    row go with its last voucher (``jobs.remove_voucher_only_customers``).

    ``ERASED`` is recorded only by the retention job, when the evidence of a
    customer's erasure request is removed while their row is still kept for
    billing vouchers: it takes over the request's role of saying why the
    row is kept and that it goes with the last voucher.
    """

    class Kind(models.TextChoices):
        ENDED = "ended", _("customer relationship ended")
        MISUSE = "misuse", _("removed after misuse of the service")
        ERASED = "erased", _("erased at the customer's request")

    customer = models.ForeignKey(
        "registry.Customer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relationship_endings",
        verbose_name=_("customer"),
    )
    customer_number = models.BigIntegerField(_("customer number"), db_index=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    ended_on = models.DateField(_("ended"), default=timezone.localdate)
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        help_text=_("Empty when the retention job recorded it."),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    data_removed_at = models.DateTimeField(_("data removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("ended customer relationship")
        verbose_name_plural = _("ended customer relationships")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.customer_number} {self.ended_on:%Y-%m-%d}"


class RetentionBatch(models.Model):
    """One batch of removals by ``apply_retention``: what, how many, which rows (S19–S21)."""

    rule = models.ForeignKey(
        RetentionRule, on_delete=models.PROTECT, related_name="batches", verbose_name=_("rule")
    )
    removed = models.PositiveIntegerField(_("removed"))
    first_pk = models.BigIntegerField(_("first row"))
    last_pk = models.BigIntegerField(_("last row"))
    done_at = models.DateTimeField(_("done"), default=timezone.now)

    class Meta:
        verbose_name = _("retention batch")
        verbose_name_plural = _("retention batches")
        ordering = ["-done_at", "-pk"]

    def __str__(self):
        return f"{self.rule}: {self.removed} ({self.done_at:%Y-%m-%d %H:%M})"
