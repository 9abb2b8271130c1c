from django.db import models
from django.utils.translation import gettext_lazy as _


class DataSource(models.TextChoices):
    """Where a piece of data came from (S14, S15)."""

    CUSTOMER = "customer", _("the customer's own notice")
    GUARDIAN = "guardian", _("guardian of a minor")
    LEGAL_REPRESENTATIVE = "legal_representative", _("legal representative (edunvalvoja)")
    TRANSACTIONS = "transactions", _("the customer's purchases and transactions")
    POPULATION_REGISTER = "population_register", _("population register update service (DVV)")
    CREDIT_REGISTER = "credit_register", _("credit register of Suomen Asiakastieto Oy")
    HEALTHCARE_PROVIDER = "healthcare_provider", _("other healthcare provider (Kanta)")
    WEBSITE = "website", _("the clinic's website")
    STAFF = "staff", _("entered by staff")


def source_field(default=DataSource.CUSTOMER):
    """Where the row's data came from (S15); ``default`` is where that kind of row usually comes from."""
    return models.CharField(_("source"), max_length=32, choices=DataSource.choices, default=default)


def source_detail_field():
    return models.CharField(
        _("source details"),
        max_length=200,
        blank=True,
        help_text=_("For example the date of a population register update."),
    )


class SourcedRecord(models.Model):
    """A record that says where its data came from and when it was recorded."""

    source = source_field()
    source_detail = source_detail_field()
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
