"""The retention rules' defaults, in code (S19–S21).

The data migration copies these into ``RetentionRule`` rows; a period the
responsible person changes there is what ``apply_retention`` uses. The
descriptions and legal bases stay here, translated.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Key(models.TextChoices):
    IDENTIFIERS = "identifiers", _("IP addresses and other identifiers")
    ENDED_RELATIONSHIPS = "ended_relationships", _("customers whose relationship has ended")
    UNCONFIRMED_REQUESTS = "unconfirmed_requests", _("unconfirmed data-subject requests")
    HANDLED_REQUESTS = "handled_requests", _("handled data-subject requests")
    COOKIE_CHOICES = "cookie_choices", _("cookie consent log")
    BILLING_VOUCHERS = "billing_vouchers", _("billing vouchers (invoices and orders)")
    AUDIT_ENTRIES = "audit_entries", _("audit trail entries")


@dataclass(frozen=True)
class Default:
    period: int
    unit: str
    description: Promise
    legal_basis: Promise
    minimum: int = 0


DEFAULTS = {
    Key.IDENTIFIERS: Default(
        12,
        "months",
        _("An identifier is removed when it has not been seen for this long."),
        _("Needed only to run the online services (S10, S12); data minimisation, GDPR Art. 5(1)(e)."),
    ),
    Key.ENDED_RELATIONSHIPS: Default(
        36,
        "months",
        _(
            "A customer's data is removed this long after the relationship ended: no ongoing care "
            "relationship and the last one ended this long ago, or the end recorded by staff this long "
            "ago. A customer who never had a care relationship is removed this long after their last "
            "activity (details changed, order, invoice, payment, feedback, consent, login, request). "
            "Billing vouchers are kept as the Accounting Act requires. The reason recorded for the end "
            "is removed this long after the data was removed."
        ),
        _("S20; three years is the general limitation period of claims (Act 728/2003)."),
    ),
    Key.UNCONFIRMED_REQUESTS: Default(
        30,
        "days",
        _("A request whose e-mail address was never confirmed is removed this long after it arrived."),
        _("Never became a request to answer; data minimisation, GDPR Art. 5(1)(e)."),
    ),
    Key.HANDLED_REQUESTS: Default(
        3,
        "years",
        _(
            "A closed data-subject request (answered, rejected or expired), with its letters, "
            "attachments, timeline and the list of what an erasure kept, is removed this long after it "
            "was closed, whether or not it concerned a customer in the register."
        ),
        _(
            "S19, S34: evidence that the request was answered (GDPR Art. 5(2) and 12) for the "
            "limitation period of claims (Act 728/2003, section 4); the erasure letter tells the "
            "customer so."
        ),
    ),
    Key.COOKIE_CHOICES: Default(
        3,
        "years",
        _("A visitor's recorded cookie choice is removed this long after it was made."),
        _("Evidence of consent (GDPR Art. 7(1)) for the limitation period of claims."),
    ),
    Key.BILLING_VOUCHERS: Default(
        6,
        "years",
        _(
            "Invoices and orders are removed at the end of this many years after the financial year "
            "(the calendar year) in which they were made."
        ),
        _("Accounting Act (1336/1997) chapter 2 section 10."),
        minimum=6,
    ),
    Key.AUDIT_ENTRIES: Default(
        5,
        "years",
        _(
            "An audit entry is removed this long after it was written, but only when neither the "
            "record it is about nor the customer it concerns is held any longer."
        ),
        _("S39: the trail must show who handled data for as long as the data is held."),
    ),
}
