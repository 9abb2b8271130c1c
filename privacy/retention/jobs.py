"""What each retention rule removes, and how (S19–S21); run by ``apply_retention``.

Every rule walks its candidates in primary-key order, a batch at a time, so
memory stays bounded however large the table. Rows of models the audit
trail follows are deleted one by one, so that auditlog writes a delete
entry for each; rows it does not follow (anonymous cookie choices, audit
entries themselves) are deleted a batch at a time. Either way every batch
leaves a ``RetentionBatch`` row, itself in the audit trail, and a log line.
Every rule selects only what is past its period, so a second run finds
nothing left to do.
"""

import contextlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, time

from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from privacy.retention.models import RelationshipEnding, RetentionBatch, RetentionRule

logger = logging.getLogger("privacy.retention")

Key = RetentionRule.Key


@dataclass
class Step:
    """One kind of row a rule removes."""

    label: str
    queryset: object  # candidates, any order
    remove: object  # (rows) -> None, inside a transaction
    select: object = None  # (rows) -> rows actually due; None = all


def delete_each(rows):
    for row in rows:
        row.delete()


def delete_batch(rows):
    rows[0]._meta.model._base_manager.filter(pk__in=[row.pk for row in rows]).delete()


def identifiers(rule, now):
    from registry.models import Identifier

    due = Identifier.objects.filter(last_seen_at__lt=rule.cutoff(now))
    return [Step(gettext("identifiers"), due, delete_each)]


def unconfirmed_requests(rule, now):
    if not apps.is_installed("privacy"):
        return []
    from privacy.models import DataSubjectRequest

    State = DataSubjectRequest.State
    due = DataSubjectRequest.objects.filter(
        confirmed_at__isnull=True,
        state__in=[State.SUBMITTED, getattr(State, "EXPIRED", State.SUBMITTED)],
        received_at__lt=rule.cutoff(now),
    )
    return [Step(gettext("unconfirmed requests"), due, delete_each)]


def cookie_choices(rule, now):
    try:
        from consent.models import CookieChoice
    except ImportError:
        return []
    due = CookieChoice.objects.filter(chosen_at__lt=rule.cutoff(now))
    return [Step(gettext("cookie choices"), due, delete_batch)]


def first_kept_year(rule, now):
    """Vouchers of this year or later are kept: the end of the Nth year after the year has not passed.

    With six years, on any day of 2026 the vouchers of 2019 (kept until
    31 December 2025) go and those of 2020 stay.
    """
    return timezone.localdate(now).year - rule.period


def billing_vouchers(rule, now):
    from registry.models import Invoice, Order

    kept_from = date(first_kept_year(rule, now), 1, 1)
    invoices = Invoice.objects.filter(issued_on__lt=kept_from)
    orders = Order.objects.filter(
        ordered_at__lt=timezone.make_aware(datetime.combine(kept_from, time.min))
    ).exclude(Exists(Invoice.objects.filter(order=OuterRef("pk"))))

    def remove_orders(rows):
        customer_ids = {order.customer_id for order in rows}
        delete_each(rows)
        remove_voucher_only_customers(customer_ids)

    def remove_invoices(rows):
        customer_ids = {invoice.customer_id for invoice in rows}
        delete_each(rows)
        remove_voucher_only_customers(customer_ids)

    return [
        Step(gettext("invoices"), invoices, remove_invoices),
        Step(gettext("orders"), orders, remove_orders),
    ]


def remove_voucher_only_customers(customer_ids):
    """Customers whose data was removed but kept for vouchers go with their last voucher.

    That is a customer removed by these rules or the services (a recorded
    relationship ending) and one erased at their own request (a completed
    erasure request, S19): once no voucher is left, nothing obliges us to
    keep even their name.
    """
    from privacy.models import DataSubjectRequest
    from privacy.retention.services import remove_customer_data
    from registry.models import Customer, Invoice, Order

    erased = DataSubjectRequest.objects.filter(
        customer=OuterRef("pk"),
        kind=DataSubjectRequest.Kind.ERASURE,
        state=DataSubjectRequest.State.COMPLETED,
    )
    shells = (
        Customer.objects.filter(pk__in=customer_ids)
        .filter(Q(relationship_endings__data_removed_at__isnull=False) | Exists(erased))
        .exclude(Exists(Invoice.objects.filter(customer=OuterRef("pk"))))
        .exclude(Exists(Order.objects.filter(customer=OuterRef("pk"))))
        .distinct()
    )
    for customer in shells:
        ending = customer.relationship_endings.filter(data_removed_at__isnull=False).first()
        customer_id = customer.pk
        remove_customer_data(customer=customer, ending=ending)
        logger.info("Customer %s removed with their last billing voucher", customer_id)


def ended_relationships(rule, now):
    from registry.models import CareRelationship, Customer

    cutoff = rule.cutoff_date(now)
    endings = RelationshipEnding.objects.filter(customer=OuterRef("pk"))
    due = (
        Customer.objects.filter(
            Exists(CareRelationship.objects.filter(customer=OuterRef("pk")))
            | Exists(endings.filter(kind=RelationshipEnding.Kind.ENDED, ended_on__lt=cutoff))
        )
        .exclude(
            Exists(
                CareRelationship.objects.filter(customer=OuterRef("pk")).filter(
                    Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff)
                )
            )
        )
        .exclude(Exists(endings.filter(ended_on__gte=cutoff)))
        .exclude(Exists(endings.filter(data_removed_at__isnull=False)))
    )

    def remove(customers):
        from privacy.retention.services import remove_customer_data

        for customer in customers:
            ending = customer.relationship_endings.filter(data_removed_at__isnull=True).first()
            if ending is None:
                last_end = max(
                    (c.ended_on for c in customer.care_relationships.all() if c.ended_on), default=None
                )
                ending = RelationshipEnding.objects.create(
                    customer=customer,
                    customer_number=customer.pk,
                    kind=RelationshipEnding.Kind.ENDED,
                    ended_on=last_end or timezone.localdate(now),
                    reason=_stored_reason(last_end),
                )
            remove_customer_data(customer=customer, ending=ending)

    return [Step(gettext("customers"), due, remove)]


def _stored_reason(last_end):
    # Stored for staff to read: in the register's language, not the operator's.
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Retention: the last care relationship ended on %(date)s.") % {
            "date": last_end.isoformat() if last_end else "–"
        }


def audit_entries(rule, now):
    """Entries past the period, but never those of data still held.

    The trail must show who handled a datum for as long as the datum is held
    (S39), and a customer may ask for their log data (access report) for as
    long as we hold data on them. So an old entry is removed only when the
    record it is about no longer exists and, if it concerns a customer,
    nothing is held on that customer any more. Removing a customer leaves
    their (redacted) entries for the period; then they go too.
    """
    from registry.models import Customer

    due = LogEntry.objects.filter(timestamp__lt=rule.cutoff(now))

    def not_held(entries):
        by_type = {}
        for entry in entries:
            by_type.setdefault(entry.content_type_id, set()).add(entry.object_pk)
        existing = set()
        for content_type_id, pks in by_type.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            wanted = set()
            for pk in pks:
                with contextlib.suppress(ValidationError):  # a malformed key cannot match a row
                    wanted.add(model._meta.pk.to_python(pk))
            for pk in model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True):
                existing.add((content_type_id, str(pk)))
        customer_ids = {
            link.customer_id
            for entry in entries
            if (link := getattr(entry, "customer_link", None)) is not None
        }
        held_customers = set(Customer.objects.filter(pk__in=customer_ids).values_list("pk", flat=True))
        return [
            entry
            for entry in entries
            if (entry.content_type_id, entry.object_pk) not in existing
            and getattr(getattr(entry, "customer_link", None), "customer_id", None) not in held_customers
        ]

    return [Step(gettext("audit entries"), due.select_related("customer_link"), delete_batch, not_held)]


JOBS = {
    Key.IDENTIFIERS: identifiers,
    Key.ENDED_RELATIONSHIPS: ended_relationships,
    Key.UNCONFIRMED_REQUESTS: unconfirmed_requests,
    Key.COOKIE_CHOICES: cookie_choices,
    Key.BILLING_VOUCHERS: billing_vouchers,
    # Last: removals by the rules above leave entries behind for their period.
    Key.AUDIT_ENTRIES: audit_entries,
}


def apply_rule(rule, *, now=None, dry_run=False, batch_size=500, progress=None):
    """Apply one rule; returns how many rows it removed (or would remove)."""
    now = now or timezone.now()
    progress = progress or (lambda message: None)
    total = 0
    for step in JOBS[rule.key](rule, now):
        last_pk = 0
        while True:
            rows = list(step.queryset.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
            if not rows:
                break
            last_pk = rows[-1].pk
            due = step.select(rows) if step.select else rows
            if not due:
                continue
            if not dry_run:
                removed = [(row._meta.label, row.pk) for row in due]
                with transaction.atomic():
                    step.remove(due)
                    RetentionBatch.objects.create(
                        rule=rule, removed=len(due), first_pk=removed[0][1], last_pk=removed[-1][1]
                    )
                for label, pk in removed:
                    logger.info("Retention %s: removed %s %s", rule.key, label, pk)
            total += len(due)
            progress(
                (
                    gettext("%(rule)s: would remove %(count)s %(what)s (up to #%(pk)s)")
                    if dry_run
                    else gettext("%(rule)s: removed %(count)s %(what)s (up to #%(pk)s)")
                )
                % {"rule": rule.key, "count": len(due), "what": step.label, "pk": last_pk}
            )
    return total
