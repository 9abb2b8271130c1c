"""Operations on the register that other apps call (HackSoft style services)."""

from django.db import transaction
from django.utils import timezone

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
