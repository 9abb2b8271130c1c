"""Operations on the register that other apps call (HackSoft style services)."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.models import Customer, Disclosure

RESTRICTION_FIELDS = {
    "disclosure": "disclosure_prohibited_at",
    "processing": "processing_prohibited_at",
    "direct_marketing": "direct_marketing_prohibited_at",
    "restriction": "processing_restricted_at",
}


@transaction.atomic
def set_restriction(*, customer: Customer, restriction: str, active: bool = True) -> Customer:
    """Set or lift one of the customer's prohibitions (S37, S38).

    ``restriction`` is one of ``RESTRICTION_FIELDS``. The customer is saved
    object by object so that the audit trail records who did it and when.
    """
    field = RESTRICTION_FIELDS[restriction]
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    current = getattr(customer, field)
    if active and current is None:
        setattr(customer, field, timezone.now())
    elif not active and current is not None:
        setattr(customer, field, None)
    else:
        return customer
    customer.save(update_fields=[field, "updated_at"])
    return customer


@transaction.atomic
def record_disclosure(
    *, customer: Customer, recipient: str, basis: str, legal_ground: str, data_disclosed: str, disclosed_by
) -> Disclosure:
    """Record a disclosure of the customer's data (S17).

    Refused with a ``ValidationError`` when the customer has prohibited
    disclosure and the law does not oblige it (S37).
    """
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    disclosure = Disclosure(
        customer=customer,
        recipient=recipient,
        basis=basis,
        legal_ground=legal_ground,
        data_disclosed=data_disclosed,
        disclosed_by=disclosed_by,
    )
    disclosure.full_clean()
    disclosure.save()
    return disclosure


# S19: billing vouchers must be kept whatever the customer asks.
ACCOUNTING_ACT = _(
    "Accounting Act (1336/1997) chapter 2 section 10: accounting vouchers are kept until the end "
    "of the sixth year after the financial year"
)
# Contact and self-given data that no voucher needs; blanked on an erasure
# when the customer row has to stay for the vouchers.
ERASABLE_CUSTOMER_FIELDS = ["phone", "email", "company_website", "classifications", "consented_information"]


def voucher_keep_until(day: date) -> date:
    """The last day a voucher of ``day`` must be kept (the financial year is the calendar year)."""
    return date(day.year + 6, 12, 31)


# The note on a customer row kept for its vouchers says why the rest is gone
# (``reason`` of erase_customer_part: a request, or a retention ending's kind).
KEPT_FOR_VOUCHERS_NOTES = {
    "request": _("Erased at the customer's request; kept for accounting vouchers until %(date)s."),
    "ended": _("Erased when the customer relationship ended; kept for accounting vouchers until %(date)s."),
    "misuse": _("Erased after misuse of the service; kept for accounting vouchers until %(date)s."),
}


def erase_customer_part(*, customer, reason="request"):
    """The register's part of an erasure (S19); called by ``privacy.services.erase_customer_data``.

    Deletes everything the register holds on the customer except billing
    vouchers (orders and invoices) still within the Accounting Act's
    retention period. If vouchers are kept, the customer row stays with only
    the name and company the vouchers need, every prohibition set, and a
    note in its source details saying why (``reason``, a key of
    ``KEPT_FOR_VOUCHERS_NOTES``); otherwise it is deleted too. Objects are
    deleted one by one so that the audit trail records each deletion.
    Running it again deletes nothing more.
    """
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    today = timezone.localdate()
    deleted, kept = [], []

    def delete_all(rows, label):
        rows = list(rows)
        for row in rows:
            row.delete()
        if rows:
            deleted.append(f"{label} ({len(rows)})")

    delete_all(customer.representatives.all(), gettext("guardians and legal representatives"))
    delete_all(customer.care_relationships.all(), gettext("customer relationships"))
    delete_all(customer.identifiers.all(), gettext("IP addresses and other identifiers"))
    delete_all(customer.feedback.all(), gettext("feedback"))
    delete_all(customer.disclosures.all(), gettext("records of disclosures"))
    for name, label in (
        ("extranet_account", gettext("extranet account")),
        ("billing_profile", gettext("billing details")),
        ("electronic_identity", gettext("link to your strong electronic identification")),
    ):
        related = getattr(customer, name, None)
        if related is not None:
            delete_all([related], label)

    old_invoices = []
    for invoice in customer.invoices.order_by("issued_on", "pk"):
        keep_until = voucher_keep_until(invoice.issued_on)
        if keep_until < today:
            old_invoices.append(invoice)
            continue
        kept.append(
            {
                "item": gettext("invoice %(number)s issued %(date)s")
                % {"number": invoice.number, "date": invoice.issued_on.isoformat()},
                "legal_ground": str(ACCOUNTING_ACT),
                "keep_until": keep_until,
            }
        )
    delete_all(old_invoices, gettext("invoices past their retention period"))
    old_orders = []
    for order in customer.orders.order_by("ordered_at", "pk"):
        keep_until = voucher_keep_until(timezone.localdate(order.ordered_at))
        later_invoices = [i.issued_on for i in order.invoices.all()]
        if later_invoices:
            keep_until = max(keep_until, voucher_keep_until(max(later_invoices)))
        if keep_until < today:
            old_orders.append(order)
            continue
        kept.append(
            {
                "item": gettext("order %(number)s of %(date)s")
                % {"number": order.number, "date": timezone.localdate(order.ordered_at).isoformat()},
                "legal_ground": str(ACCOUNTING_ACT),
                "keep_until": keep_until,
            }
        )
    delete_all(old_orders, gettext("orders past their retention period"))

    if not kept:
        customer.delete()
        deleted.append(gettext("customer details"))
        return {"deleted": deleted, "kept": kept}

    blanked = [name for name in ERASABLE_CUSTOMER_FIELDS if getattr(customer, name)]
    for name in blanked:
        setattr(customer, name, "")
    now = timezone.now()
    flags = [field for field in RESTRICTION_FIELDS.values() if getattr(customer, field) is None]
    for field in flags:
        setattr(customer, field, now)
    keep_until = max(k["keep_until"] for k in kept)
    with translation.override(settings.LANGUAGE_CODE):
        note = str(KEPT_FOR_VOUCHERS_NOTES[reason]) % {"date": keep_until.isoformat()}
    if blanked or flags or customer.source_detail != note:
        customer.source_detail = note
        customer.save()
    if blanked:
        deleted.append(
            gettext("contact and other details: %(fields)s")
            % {"fields": ", ".join(str(Customer._meta.get_field(n).verbose_name) for n in blanked)}
        )
    kept.append(
        {
            "item": gettext("name and company name of the customer on the kept vouchers"),
            "legal_ground": str(ACCOUNTING_ACT),
            "keep_until": keep_until,
        }
    )
    return {"deleted": deleted, "kept": kept}
