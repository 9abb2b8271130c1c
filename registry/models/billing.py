from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.fields import IBANField
from registry.models.customers import PROCESSING_STOPPED, ProcessingStoppedRule
from registry.models.sources import DataSource, SourcedRecord, source_detail_field, source_field


class BillingProfile(ProcessingStoppedRule, SourcedRecord):
    """How a customer is billed (S11): bank account, billing e-mail, e-invoicing address."""

    customer = models.OneToOneField(
        "registry.Customer",
        on_delete=models.CASCADE,
        related_name="billing_profile",
        verbose_name=_("customer"),
    )
    bank_account = IBANField(_("bank account (IBAN)"), blank=True)
    billing_email = models.EmailField(_("billing e-mail"), blank=True)
    einvoice_address = models.CharField(
        _("e-invoicing address"), max_length=35, blank=True, help_text=_("OVT code or IBAN.")
    )
    einvoice_operator = models.CharField(
        _("e-invoicing operator"), max_length=35, blank=True, help_text=_("Operator ID, e.g. 003721291126.")
    )

    class Meta:
        verbose_name = _("billing profile")
        verbose_name_plural = _("billing profiles")

    def __str__(self):
        return str(self.customer)

    def processing_refusal(self, since):
        # D4: no new or changed billing profile once processing stopped.
        return PROCESSING_STOPPED

    def clean(self):
        if bool(self.einvoice_address) != bool(self.einvoice_operator):
            raise ValidationError(_("Give both the e-invoicing address and the operator, or neither."))


class Order(ProcessingStoppedRule, models.Model):
    """A purchase by the customer (S11, S14: purchases and transactions)."""

    customer = models.ForeignKey(
        "registry.Customer", on_delete=models.PROTECT, related_name="orders", verbose_name=_("customer")
    )
    number = models.CharField(_("order number"), max_length=30, unique=True)
    ordered_at = models.DateTimeField(_("ordered"), default=timezone.now)
    description = models.CharField(_("description"), max_length=300)
    total = models.DecimalField(
        _("total (EUR)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    # S15: a purchase comes from the customer's transactions, unless staff record otherwise.
    source = source_field(DataSource.TRANSACTIONS)
    source_detail = source_detail_field()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-ordered_at", "id"]

    def __str__(self):
        return self.number

    def processing_refusal(self, since):
        # D4: no new orders once processing stopped, nor changes to old ones.
        return PROCESSING_STOPPED


class InvoiceQuerySet(models.QuerySet):
    def overdue(self, on=None):
        return self.filter(paid_on__isnull=True, due_on__lt=on or timezone.localdate())

    def payment_behaviour(self, on=None):
        """Payment behaviour derived from invoices (S11): nothing is stored by hand."""
        on = on or timezone.localdate()
        return self.aggregate(
            invoices=Count("id"),
            paid_late=Count("id", filter=Q(paid_on__gt=models.F("due_on"))),
            overdue=Count("id", filter=Q(paid_on__isnull=True, due_on__lt=on)),
            reminders=Sum("reminders_sent", default=0),
        )


class Invoice(ProcessingStoppedRule, models.Model):
    """An invoice to the customer: a billing voucher under the Accounting Act."""

    customer = models.ForeignKey(
        "registry.Customer", on_delete=models.PROTECT, related_name="invoices", verbose_name=_("customer")
    )
    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("order"),
    )
    number = models.CharField(_("invoice number"), max_length=30, unique=True)
    issued_on = models.DateField(_("issued"), default=timezone.localdate)
    due_on = models.DateField(_("due"))
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    paid_on = models.DateField(_("paid"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    legal_ground = models.CharField(
        _("legal ground"),
        max_length=300,
        blank=True,
        help_text=_(
            "Needed when the customer has prohibited or restricted processing: what the invoice or "
            "payment rests on, e.g. the Accounting Act or a legal claim (S38)."
        ),
    )
    source = source_field(DataSource.TRANSACTIONS)
    source_detail = source_detail_field()

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_on", "id"]
        indexes = [
            # The invoice list's order, so a page of a million invoices is read, not sorted;
            # and the unpaid ones (a few among millions) in the same order (bench/README.md).
            models.Index(fields=["-issued_on", "id"], name="invoice_list_order_idx"),
            models.Index(
                fields=["-issued_on", "id"], condition=Q(paid_on__isnull=True), name="invoice_unpaid_idx"
            ),
        ]

    def __str__(self):
        return self.number

    def clean(self):
        if self.due_on and self.issued_on and self.due_on < self.issued_on:
            raise ValidationError({"due_on": _("The due date cannot be before the issue date.")})
        if self.paid_on and self.issued_on and self.paid_on < self.issued_on:
            raise ValidationError({"paid_on": _("An invoice cannot be paid before it is issued.")})

    def processing_refusal(self, since):
        """D4: once processing stopped, billing may still invoice a service delivered
        before that, and record its payment, with the legal ground recorded."""
        if not self.legal_ground.strip():
            return _(
                "The customer has prohibited or restricted the processing of their data (S38). An "
                "invoice or payment can still be recorded for a service already delivered, but only "
                "with its legal ground, e.g. the Accounting Act or a legal claim."
            )
        if self._state.adding and (self.order is None or self.order.ordered_at >= since):
            return _(
                "The customer has prohibited or restricted the processing of their data (S38). A new "
                "invoice can only be for a service already delivered: choose its order, made before "
                "the prohibition or restriction."
            )
        return None

    @property
    def days_late(self):
        """Days past the due date: until payment, or until today if still open."""
        if not self.due_on:
            return 0
        end = self.paid_on or timezone.localdate()
        return max((end - self.due_on).days, 0)
