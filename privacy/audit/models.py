"""Which customer each audit-trail entry concerns (S33, S39).

django-auditlog records the object an entry is about (content type and
primary key), not the customer behind it. A customer's history spans the
customer row and rows that hang off it (representatives, identifiers,
billing, care relationships, requests, consents ...), and must still be
found after such a row is deleted. Searching the JSON of tens of millions of
entries for a customer field is not something an index serves, so each new
entry is linked to its customer when it is written (``receivers.py``) and
the link table is indexed by customer.
"""

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _


def customer_field(model):
    """The field by which ``model`` belongs to a customer, or None.

    Any foreign key or one-to-one field to ``registry.Customer`` counts, so
    rows of other apps (requests, consents) are covered without a list here.
    """
    from registry.models import Customer

    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is Customer:
            return field
    return None


def customer_id_of_entry(entry, instance=None):
    """The primary key of the customer ``entry`` concerns, or None.

    Taken from the instance when the caller has it, else from the recorded
    changes (create and delete entries list every field), else from the row
    itself if it still exists.
    """
    from registry.models import Customer

    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    if model is None:
        return None
    if model is Customer:
        return _as_int(entry.object_id if entry.object_id is not None else entry.object_pk)
    field = customer_field(model)
    if field is None:
        return None
    if instance is not None:
        return _as_int(getattr(instance, field.attname, None))
    changes = entry.changes_dict if entry.changes or entry.changes_text else {}
    values = changes.get(field.name)
    if values:
        for value in reversed(values):
            if _as_int(value) is not None:
                return _as_int(value)
    try:
        return _as_int(model._base_manager.values_list(field.attname, flat=True).get(pk=entry.object_pk))
    except (ObjectDoesNotExist, ValueError, TypeError):
        return None


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CustomerLogEntry(models.Model):
    """Links an audit-trail entry to the customer whose data it concerns.

    ``customer_id`` is a plain number, not a foreign key: the trail outlives
    the customer (a removed customer's history stays for its retention
    period), and a number alone says nothing about the person.
    """

    log_entry = models.OneToOneField(
        LogEntry,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="customer_link",
        verbose_name=_("log entry"),
    )
    customer_id = models.BigIntegerField(_("customer number"), db_index=True)

    class Meta:
        verbose_name = _("customer of a log entry")
        verbose_name_plural = _("customers of log entries")

    def __str__(self):
        return f"{self.log_entry_id} → {self.customer_id}"

    @classmethod
    def link(cls, entry, instance=None):
        """Link a new ``entry`` to its customer, if it concerns one."""
        customer_id = customer_id_of_entry(entry, instance)
        if customer_id is None:
            return None
        return cls.objects.create(log_entry=entry, customer_id=customer_id)


class AuditReview(LogEntry):
    """The audit trail as the responsible person reviews it (S2, S39).

    A proxy of auditlog's entry so the review has a place, a permission and a
    link of its own in the back-office; the entries themselves are auditlog's.
    """

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [("review_audit_trail", _("Can review the audit trail"))]
        verbose_name = _("audit trail review")
        verbose_name_plural = _("audit trail review")


class AuditChainLink(models.Model):
    """One audit entry's place in the tamper-evident chain (S39, ``chain.py``).

    ``log_entry_id`` is a plain number, not a foreign key: a link must outlive
    an entry removed in SQL, or the removal could not be seen.
    """

    seq = models.BigIntegerField(_("number in the chain"), primary_key=True)
    log_entry_id = models.BigIntegerField(_("log entry"), unique=True)
    key_id = models.CharField(_("key"), max_length=16)
    entry_digest = models.CharField(_("digest of the entry"), max_length=64)
    chain_hash = models.CharField(_("chain hash"), max_length=64)
    redactions = models.JSONField(_("hashes of blanked values"), null=True, blank=True)
    pruned = models.CharField(_("removed by retention"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain link")
        verbose_name_plural = _("audit chain links")

    def __str__(self):
        return f"{self.seq}: {self.log_entry_id}"


class AuditSeal(models.Model):
    """A signed head of the chain, as sent to the responsible person (S39).

    The copy here is for the review page and for download; the copies that
    count are the ones outside the database (e-mail, ``AUDIT_SEAL_DIR``).
    """

    sealed_at = models.DateTimeField(_("sealed at"), db_index=True)
    seq = models.BigIntegerField(_("entries in the chain"))
    chain_hash = models.CharField(_("chain hash"), max_length=64)
    key_id = models.CharField(_("key"), max_length=16)
    mac = models.CharField(_("signature"), max_length=64)

    class Meta:
        verbose_name = _("audit trail seal")
        verbose_name_plural = _("audit trail seals")
        ordering = ["-sealed_at"]

    def __str__(self):
        return f"{self.sealed_at:%Y-%m-%d %H:%M} #{self.seq}"

    def as_dict(self):
        import datetime

        return {
            "seq": self.seq,
            "chain_hash": self.chain_hash,
            "entries": self.seq,
            "time": self.sealed_at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
            "key_id": self.key_id,
            "mac": self.mac,
        }


class AuditVerification(models.Model):
    """The outcome of one run of ``verify_audit_trail``, shown in the review."""

    finished_at = models.DateTimeField(_("checked at"), db_index=True)
    entries = models.BigIntegerField(_("entries checked"))
    intact = models.BooleanField(_("intact"))
    problem = models.TextField(_("first problem found"), blank=True)
    problem_kind = models.CharField(_("kind of problem"), max_length=16, blank=True)
    problem_seq = models.BigIntegerField(_("number in the chain"), null=True, blank=True)
    problem_entry = models.BigIntegerField(_("log entry"), null=True, blank=True)
    seal = models.ForeignKey(
        AuditSeal, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("seal checked against")
    )

    class Meta:
        verbose_name = _("audit trail check")
        verbose_name_plural = _("audit trail checks")
        ordering = ["-finished_at"]

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M}: {'ok' if self.intact else self.problem}"

    def problem_text(self):
        """The problem in the reader's language (the stored ``problem`` is the operator's log line)."""
        messages = {
            "changed": _(
                "Audit entry %(entry)s (number %(seq)s in the chain) was changed after it was written."
            ),
            "removed": _(
                "Audit entry %(entry)s (number %(seq)s in the chain) was removed from the database."
            ),
            "link": _(
                "The chain breaks at audit entry %(entry)s (number %(seq)s): a link was altered or moved."
            ),
            "inserted": _("Audit entries were inserted in the database; the first is entry %(entry)s."),
            "truncated": _("Entries were removed from the end of the trail after number %(seq)s (seal)."),
            "seal": _("The chain at number %(seq)s does not match the seal it was checked against."),
            "key": _("Audit entry %(entry)s was chained with a key that is not configured."),
        }
        template = messages.get(self.problem_kind)
        if template is None:
            return self.problem
        return template % {"entry": self.problem_entry or "–", "seq": self.problem_seq or "–"}


class CustomerShown(models.Model):
    """A customer seen in a list, a search, a history page, the autocomplete or an action (S39).

    One audit entry stands for the whole page view; a row here for each
    customer it showed, so a customer's log data (the access report) finds
    every page that showed them, and a list of fifty customers costs one
    entry and one bulk insert, not fifty entries. ``customer_id`` is a plain
    number, as in ``CustomerLogEntry``: the trail outlives the customer.
    """

    log_entry = models.ForeignKey(
        LogEntry, on_delete=models.CASCADE, related_name="customers_shown", verbose_name=_("log entry")
    )
    customer_id = models.BigIntegerField(_("customer number"), db_index=True)

    class Meta:
        verbose_name = _("customer shown")
        verbose_name_plural = _("customers shown")

    def __str__(self):
        return f"{self.log_entry_id} → {self.customer_id}"


class SummarisedDay(models.Model):
    """A local day whose views of customers are counted in ``StaffDayViews`` (``summaries.py``).

    A day is summarised once it is over; an entry written later for it, or
    removed from it, drops the day's summary, to be counted again.
    """

    day = models.DateField(_("day"), primary_key=True)

    class Meta:
        verbose_name = _("summarised day of the audit trail")
        verbose_name_plural = _("summarised days of the audit trail")

    def __str__(self):
        return self.day.isoformat()


class StaffDayViews(models.Model):
    """How many different customers a staff member opened on a summarised day (S39).

    Derived from the audit trail, never edited: it lets the busy-days
    highlight read a month without grouping every view of the month.
    """

    day = models.ForeignKey(
        SummarisedDay, on_delete=models.CASCADE, related_name="staff", verbose_name=_("day")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("staff member")
    )
    customers = models.PositiveIntegerField(_("different customers opened"))

    class Meta:
        verbose_name = _("customers opened by a staff member in a day")
        verbose_name_plural = _("customers opened by staff members by day")
        constraints = [models.UniqueConstraint(fields=["day", "actor"], name="audit_staff_day_views_unique")]

    def __str__(self):
        return f"{self.day_id} {self.actor_id}: {self.customers}"
