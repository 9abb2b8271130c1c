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
import operator
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import reduce

from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.deletion import Collector
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


def redact_trail_of(objects):
    """Blank the values in the audit entries of ``objects``, a list of ``(model, [pk, ...])`` (S19, S39)."""
    from privacy.services import entries_of, redact_entries

    content_types = ContentType.objects.get_for_models(*(model for model, _ in objects))
    return redact_entries(entries_of((content_types[model].pk, pks) for model, pks in objects))


def delete_and_redact(rows):
    """Delete each row, then blank the values of it and of everything deleted with it in the trail.

    Data past its period is not kept on in the audit trail either (S12,
    S19): the create, change and delete entries of each row, and of the
    rows the database deletes with it, keep who did what and when, and
    which fields changed, but no value. Same transaction as the deletion
    (``apply_rule``), with the erasure's own redaction (``redact_entries``).
    """
    model = rows[0]._meta.model
    collector = Collector(using=router.db_for_write(model))
    collector.collect(rows)
    deleted = [(kind, [obj.pk for obj in objs]) for kind, objs in collector.data.items()]
    delete_each(rows)
    redact_trail_of(deleted)
    forget_in_admin_log(deleted)


def forget_in_admin_log(objects):
    """Django's admin-log rows about ``objects``, a list of ``(model, [pk, ...])``, go too (S19)."""
    from privacy.services import forget_in_admin_log as forget

    content_types = ContentType.objects.get_for_models(*(model for model, _ in objects))
    return forget((content_types[model].pk, pks) for model, pks in objects)


def identifiers(rule, now):
    """IP addresses and other identifiers not seen for the period (S10, S12); the trail keeps no value."""
    from registry.models import Identifier

    due = Identifier.objects.filter(last_seen_at__lt=rule.cutoff(now))
    return [Step(gettext("identifiers"), due, delete_and_redact)]


def unconfirmed_requests(rule, now):
    """Requests whose e-mail was never confirmed; their name and e-mail leave the trail with them (S19, S39)."""
    if not apps.is_installed("privacy"):
        return []
    from privacy.models import DataSubjectRequest

    State = DataSubjectRequest.State
    due = DataSubjectRequest.objects.filter(
        confirmed_at__isnull=True,
        state__in=[State.SUBMITTED, getattr(State, "EXPIRED", State.SUBMITTED)],
        received_at__lt=rule.cutoff(now),
    )
    return [Step(gettext("unconfirmed requests"), due, delete_and_redact)]


def handled_requests(rule, now):
    """Closed data-subject requests, the period after they were closed (S19, S34).

    The erasure letter promises that a request and its handling are kept
    for ``privacy.services.REQUEST_EVIDENCE_YEARS`` after it was closed (the
    rule's default is the same), and ``LegalHold`` rows say when each kept
    item may go. A request is deleted with everything that hangs off it (the
    database cascades to its letters, timeline, attachments and legal holds),
    whether or not it ever matched a customer, and the values in the audit
    entries of the request and its attachments are blanked. Open requests
    are never touched.

    A completed erasure request whose customer row is still kept for billing
    vouchers is what lets that row go with its last voucher; before such a
    request goes, an ``ERASED`` ending takes over that role.
    """
    from privacy.models import DataSubjectRequest

    closed_before = timezone.make_aware(datetime.combine(rule.cutoff_date(now), time.min))
    due = DataSubjectRequest.objects.filter(state__in=DataSubjectRequest.CLOSED_STATES).filter(
        Q(closed_at__lt=closed_before) | Q(closed_at__isnull=True, received_at__lt=closed_before)
    )

    def remove(requests):
        for dsr in requests:
            _hand_over_kept_customer(dsr, now)
        delete_and_redact(requests)

    return [Step(gettext("handled requests"), due, remove)]


def _hand_over_kept_customer(dsr, now):
    from privacy.models import DataSubjectRequest

    if not (
        dsr.customer_id
        and dsr.kind == DataSubjectRequest.Kind.ERASURE
        and dsr.state == DataSubjectRequest.State.COMPLETED
    ):
        return
    if RelationshipEnding.objects.filter(customer_id=dsr.customer_id, data_removed_at__isnull=False).exists():
        return
    erased_at = dsr.closed_at or now
    with translation.override(settings.LANGUAGE_CODE):
        reason = gettext(
            "Erased at the customer's request on %(date)s; the customer row is kept only for billing "
            "vouchers and goes with the last of them."
        ) % {"date": timezone.localdate(erased_at).isoformat()}
    RelationshipEnding.objects.create(
        customer_id=dsr.customer_id,
        customer_number=dsr.customer_id,
        kind=RelationshipEnding.Kind.ERASED,
        ended_on=timezone.localdate(erased_at),
        reason=reason,
        data_removed_at=erased_at,
    )


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


def activity_since(moment):
    """Conditions, one per kind of activity, that a customer did or had something at or after ``moment``.

    Activity is what shows the customer relationship is alive: a change of
    the customer's details, an order, an invoice or a payment, feedback, a
    consent given or withdrawn, an identifier seen, an extranet login, a
    data-subject request received (or one still open).
    """
    from consent.models import ConsentRecord
    from privacy.models import DataSubjectRequest
    from registry.models import ExtranetAccount, Feedback, Identifier, Invoice, Order

    day = timezone.localtime(moment).date()
    customer = OuterRef("pk")
    return [
        Q(created_at__gte=moment),
        Q(updated_at__gte=moment),
        Exists(Order.objects.filter(customer=customer, ordered_at__gte=moment)),
        Exists(Invoice.objects.filter(Q(issued_on__gte=day) | Q(paid_on__gte=day), customer=customer)),
        Exists(Feedback.objects.filter(customer=customer, received_at__gte=moment)),
        Exists(ConsentRecord.objects.filter(customer=customer, recorded_at__gte=moment)),
        Exists(Identifier.objects.filter(customer=customer, last_seen_at__gte=moment)),
        Exists(ExtranetAccount.objects.filter(customer=customer, last_login_at__gte=moment)),
        Exists(
            DataSubjectRequest.objects.filter(customer=customer).filter(
                Q(received_at__gte=moment) | ~Q(state__in=DataSubjectRequest.CLOSED_STATES)
            )
        ),
    ]


def last_activity(customer):
    """The day of the customer's latest activity (see ``activity_since``), for the ending's record."""
    from consent.models import ConsentRecord
    from privacy.models import DataSubjectRequest
    from registry.models import ExtranetAccount, Feedback, Identifier, Invoice, Order

    def latest(queryset, field):
        return queryset.filter(customer=customer).aggregate(latest=Max(field))["latest"]

    moments = [
        customer.created_at,
        customer.updated_at,
        latest(Order.objects, "ordered_at"),
        latest(Feedback.objects, "received_at"),
        latest(ConsentRecord.objects, "recorded_at"),
        latest(Identifier.objects, "last_seen_at"),
        latest(ExtranetAccount.objects, "last_login_at"),
        latest(DataSubjectRequest.objects, "received_at"),
    ]
    days = [timezone.localdate(moment) for moment in moments if moment]
    days += [day for day in (latest(Invoice.objects, "issued_on"), latest(Invoice.objects, "paid_on")) if day]
    return max(days)


def ended_relationships(rule, now):
    """Customers whose relationship ended the period ago, and what is left of their endings (S20, S21).

    A customer with care relationships goes when none is ongoing and the
    last one ended before the period; one whose end staff recorded goes the
    period after that end. A customer who never had a care relationship
    (created from the web, by billing, by staff) goes when their last
    activity (``activity_since``) is older than the period, unless they
    were erased at their own request already (their row is kept only for
    vouchers and goes with the last one). Removal is the erasure's
    (``services.remove_customer_data``), so billing vouchers are kept.

    Then the endings: once a customer's data has been removed for the
    period, the reason recorded for the end (free text, possibly about an
    offence, S21) is blanked, and the ending is deleted when the customer
    row is gone too; in both cases the values in its audit entries go.
    """
    from privacy.models import DataSubjectRequest
    from registry.models import CareRelationship, Customer

    cutoff = rule.cutoff_date(now)
    moment = rule.cutoff(now)
    endings = RelationshipEnding.objects.filter(customer=OuterRef("pk"))
    care = CareRelationship.objects.filter(customer=OuterRef("pk"))
    erased = DataSubjectRequest.objects.filter(
        customer=OuterRef("pk"),
        kind=DataSubjectRequest.Kind.ERASURE,
        state=DataSubjectRequest.State.COMPLETED,
    )
    never_in_care_and_inactive = (
        ~Exists(care) & ~Exists(endings) & ~Exists(erased) & ~reduce(operator.or_, activity_since(moment))
    )
    due = (
        Customer.objects.filter(
            Exists(care)
            | Exists(endings.filter(kind=RelationshipEnding.Kind.ENDED, ended_on__lt=cutoff))
            | never_in_care_and_inactive
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
                ends = [c.ended_on for c in customer.care_relationships.all()]
                if ends:
                    last_end = max((end for end in ends if end), default=None)
                    reason = _stored_reason(last_end)
                else:
                    last_end = last_activity(customer)
                    reason = _stored_reason_without_care(last_end)
                ending = RelationshipEnding.objects.create(
                    customer=customer,
                    customer_number=customer.pk,
                    kind=RelationshipEnding.Kind.ENDED,
                    ended_on=last_end or timezone.localdate(now),
                    reason=reason,
                )
            remove_customer_data(customer=customer, ending=ending)

    spent = RelationshipEnding.objects.filter(data_removed_at__lt=moment).filter(
        Q(customer__isnull=True) | ~Q(reason="")
    )

    def remove_reasons(spent_endings):
        gone = [ending for ending in spent_endings if ending.customer_id is None]
        kept = [ending for ending in spent_endings if ending.customer_id is not None]
        for ending in kept:
            ending.reason = ""
            ending.save(update_fields=["reason"])
        redact_trail_of([(RelationshipEnding, [ending.pk for ending in kept])])
        if gone:
            delete_and_redact(gone)

    return [
        Step(gettext("customers"), due, remove),
        Step(gettext("reasons of ended relationships"), spent, remove_reasons),
    ]


def _stored_reason(last_end):
    # Stored for staff to read: in the register's language, not the operator's.
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Retention: the last care relationship ended on %(date)s.") % {
            "date": last_end.isoformat() if last_end else "–"
        }


def _stored_reason_without_care(last_activity_on):
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Retention: no care relationship; the last activity was on %(date)s.") % {
            "date": last_activity_on.isoformat()
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

    def delete_entries(entries):
        from privacy.audit.summaries import forget_days_of

        # The daily counts of the busy-days highlight are counted again from what is left.
        forget_days_of(entries)
        delete_batch(entries)

    return [Step(gettext("audit entries"), due.select_related("customer_link"), delete_entries, not_held)]


JOBS = {
    Key.IDENTIFIERS: identifiers,
    Key.ENDED_RELATIONSHIPS: ended_relationships,
    Key.UNCONFIRMED_REQUESTS: unconfirmed_requests,
    Key.HANDLED_REQUESTS: handled_requests,
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
