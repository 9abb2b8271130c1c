"""Ending a customer relationship (S20) and removal after misuse (S21).

Both leave a ``RelationshipEnding`` behind (who, when, why); the removal of
the data itself reuses the erasure code of an erasure request
(``settings.ERASURE_PARTS``), so what the law obliges us to keep, billing
vouchers above all, is kept here too, and the personal values in the audit
entries of what was deleted are redacted, as on an erasure.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.retention.models import RelationshipEnding
from registry.models import CareRelationship, Customer

logger = logging.getLogger("privacy.retention")


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: it is kept with the record.")})
    return reason


def _end_care_relationships(customer, ended_on):
    # Object by object, so that the audit trail records each end.
    for relationship in CareRelationship.objects.filter(customer=customer).ongoing(ended_on):
        relationship.ended_on = max(ended_on, relationship.started_on)
        relationship.save(update_fields=["ended_on"])
    for relationship in CareRelationship.objects.filter(customer=customer, started_on__gt=ended_on):
        relationship.ended_on = relationship.started_on
        relationship.save(update_fields=["ended_on"])


@transaction.atomic
def end_customer_relationship(*, customer, reason, by, ended_on=None):
    """Record that the customer relationship has ended (S20) and end its care relationships.

    The data stays for the period of the "ended relationships" retention
    rule, after which ``apply_retention`` removes it.
    """
    reason = _require_reason(reason)
    ended_on = ended_on or timezone.localdate()
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("A relationship cannot be ended in the future.")})
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    _end_care_relationships(customer, ended_on)
    ending = RelationshipEnding.objects.create(
        customer=customer,
        customer_number=customer.pk,
        kind=RelationshipEnding.Kind.ENDED,
        ended_on=ended_on,
        reason=reason,
        recorded_by=by,
    )
    logger.info("Customer relationship %s ended by %s", customer.pk, by)
    return ending


@transaction.atomic
def remove_customer_after_misuse(*, customer, reason, by):
    """Remove the customer's data now, after misuse or crime found on supervision (S21).

    What the law obliges us to keep (billing vouchers) is kept, as on an
    erasure. Returns the ``RelationshipEnding`` that records it.
    """
    reason = _require_reason(reason)
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    today = timezone.localdate()
    _end_care_relationships(customer, today)
    ending = RelationshipEnding.objects.create(
        customer=customer,
        customer_number=customer.pk,
        kind=RelationshipEnding.Kind.MISUSE,
        ended_on=today,
        reason=reason,
        recorded_by=by,
    )
    remove_customer_data(customer=customer, ending=ending)
    logger.info("Customer %s removed after misuse by %s", ending.customer_number, by)
    return ending


@transaction.atomic
def remove_customer_data(*, customer, ending=None):
    """Delete what may be deleted of the customer, keep what the law obliges; redact the trail.

    Runs each app's erasure part (``settings.ERASURE_PARTS``: consents,
    requests, the register), exactly as an erasure request does, then blanks
    the personal values in the audit entries of the customer and of every
    row deleted here. Marks ``ending`` as done, if there is one (a customer
    erased at their own request has none). Returns the parts' outcome
    ``{"deleted": [...], "kept": [...]}``.
    """
    from privacy.services import erase_customer_data

    customer_id = customer.pk
    # Without an ending (or with the ending that took over from a removed
    # erasure request), the customer was erased at their own request and is
    # here because their last vouchers have run out.
    reason = "request" if ending is None or ending.kind == RelationshipEnding.Kind.ERASED else ending.kind
    result = erase_customer_data(
        customer=customer,
        run=f"retention-{ending.kind if ending else 'vouchers'}-{customer_id}",
        reason=reason,
    )
    if ending is not None:
        ending.data_removed_at = timezone.now()
        if not Customer.objects.filter(pk=customer_id).exists():
            ending.customer = None
        ending.save()
    return result
