"""The audit trail as a person reads it (S33, S39; issue 11 item 2).

django-auditlog stores what the database held: field names, choice values
(``in_progress``), the primary key of a related row (``käsittelijä: → 1``),
date-times as naive UTC and the staff member's user row. Every view of the
trail — the review, a customer's history, a staff member's activity, the
exports and the access report's log part — shows an entry through the one
``TrailFormatter`` below, so each says the same thing the same way:

- field labels (``verbose_name``) and choice labels;
- the related row's name, or "[poistettu]" when it is gone;
- times in the clinic's own time zone (``AUDIT_OPENING_HOURS_TIME_ZONE``,
  Europe/Helsinki), whatever the server's is;
- staff by full name, with the roles they held when the entry was written.

Related rows, staff members and customers are looked up for a whole batch of
entries at once: one query per kind of related row, so a page costs the same
number of queries however many entries it shows.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacy.audit.highlights import opening_hours_zone
from privacy.audit.selectors import ACTION_LABELS, stored_roles

DELETED = _("[deleted]")


@dataclass
class Change:
    """One changed field: its label and its old and new value as a person reads them."""

    label: str
    old: str
    new: str

    def __str__(self):
        old = f"{self.old} " if self.old else ""
        return f"{self.label}: {old}→ {self.new or gettext('(empty)')}"


@dataclass
class EntryDisplay:
    """An audit entry as every view of the trail shows it."""

    entry: object
    time: datetime  # aware, in the clinic's time zone
    action: str
    data: str  # the kind of data, e.g. "Representative"
    record: str  # the row as it was named when the entry was written
    staff: str
    username: str
    roles: str
    customer_id: int | None = None
    customer: str = ""  # the customer's name, or "[deleted]"
    changes: list = field(default_factory=list)

    @property
    def time_text(self):
        return formats.date_format(self.time, "SHORT_DATETIME_FORMAT")

    @property
    def changed_fields(self):
        return ", ".join(change.label for change in self.changes)

    @property
    def changes_text(self):
        return "; ".join(str(change) for change in self.changes)


def _empty(value):
    return value is None or value == "" or value == "None"


def _is_real_field(model_field):
    """Fields of the row itself; auditlog also records reverse relations as "app.Model.None"."""
    return model_field.concrete or (model_field.many_to_many and not model_field.auto_created)


class TrailFormatter:
    """Formats audit entries, resolving related rows, staff and customers in bulk.

    ``values=False`` leaves the values of changes out and gives only the
    changed fields' labels (the access report: entries of related rows may
    hold other people's data). Entries are anything with LogEntry's
    attributes; ``customer_id`` is read from ``customer_link`` when present.
    """

    def __init__(self, *, values=True):
        self.values = values
        self.zone = opening_hours_zone()
        self._staff = {}
        # A long history repeats a handful of kinds of data and fields:
        # each is looked up and translated once (the access report of a
        # customer with 10,000 entries, bench/README.md).
        self._models = {}
        self._data_labels = {}
        self._field_labels = {}
        self._choices = {}
        self._accounts = {}
        self._actions = {action: str(label) for action, label in ACTION_LABELS.items()}

    # ---- looking things up once per batch

    def _model(self, content_type_id):
        if content_type_id not in self._models:
            self._models[content_type_id] = ContentType.objects.get_for_id(content_type_id).model_class()
        return self._models[content_type_id]

    def _field(self, model, name):
        if model is None:
            return None
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def _label(self, model, name, model_field):
        key = (model, name)
        if key not in self._field_labels:
            self._field_labels[key] = str(model_field.verbose_name) if model_field is not None else name
        return self._field_labels[key]

    def _load_staff(self, entries):
        # Entries read with selectors.with_review_details carry their actor
        # and its groups; others (plain values) are looked up in one go.
        loaded = [
            entry.actor for entry in entries if isinstance(entry, LogEntry) and entry.actor_id is not None
        ]
        missing = {entry.actor_id for entry in entries if entry.actor_id is not None} - set(self._staff)
        missing -= {user.pk for user in loaded}
        if missing:
            loaded += get_user_model().objects.filter(pk__in=missing).prefetch_related("groups")
        for user in loaded:
            self._staff[user.pk] = (
                user.get_full_name() or user.get_username(),
                user.get_username(),
                sorted(group.name for group in user.groups.all()),
            )

    def _load_accounts(self, entries):
        # Entries about a staff account itself name it by the full name too.
        user_model = get_user_model()
        user_type = ContentType.objects.get_for_model(user_model).pk
        wanted = {
            _key(user_model, getattr(entry, "object_pk", None))
            for entry in entries
            if entry.content_type_id == user_type
        } - {None}
        wanted -= set(self._accounts)
        if wanted:
            for user in user_model._base_manager.filter(pk__in=wanted):
                self._accounts[user.pk] = (user.get_full_name(), user.get_username())

    def _related_rows(self, entries):
        """{model: {pk: name}} for every related row the batch's changes point to."""
        wanted = {}
        for entry in entries:
            model = self._model(entry.content_type_id)
            for name, values in _changes(entry).items():
                model_field = self._field(model, name)
                if model_field is None or (not model_field.many_to_one and not model_field.one_to_one):
                    continue
                if not isinstance(values, list | tuple) or not model_field.concrete:
                    continue
                target = model_field.related_model
                for value in values:
                    if not _empty(value):
                        wanted.setdefault(target, set()).add(str(value))
        names = {}
        user_model = get_user_model()
        for target, keys in wanted.items():
            pks = {pk for pk in (_key(target, key) for key in keys) if pk is not None}
            # Names often include the row's own parent (a billing profile is its
            # customer's): follow the foreign keys in the same query.
            rows = target._base_manager.select_related().in_bulk(pks)
            if target is user_model:
                names[target] = {
                    str(pk): user.get_full_name() or user.get_username() for pk, user in rows.items()
                }
            else:
                names[target] = {str(pk): str(row) for pk, row in rows.items()}
        return names

    def _customers(self, entries):
        from registry.models import Customer

        ids = {_customer_id(entry) for entry in entries} - {None}
        return {pk: customer.full_name for pk, customer in Customer._base_manager.in_bulk(ids).items()}

    # ---- formatting

    def format(self, entries):
        """The entries of one batch (a page, a chunk of an export) as EntryDisplay rows."""
        entries = list(entries)
        self._load_staff(entries)
        if self.values:
            self._load_accounts(entries)
        related = self._related_rows(entries) if self.values else {}
        customers = self._customers(entries) if self.values else {}
        return [self._display(entry, related, customers) for entry in entries]

    def _display(self, entry, related, customers):
        model = self._model(entry.content_type_id)
        staff, username, roles = self.staff(entry)
        customer_id = _customer_id(entry)
        customer = ""
        if customer_id is not None and self.values:
            customer = customers.get(customer_id) or str(DELETED)
        return EntryDisplay(
            entry=entry,
            time=timezone.localtime(entry.timestamp, self.zone),
            action=self._actions.get(entry.action, str(entry.action)),
            data=self.data_label(entry.content_type_id),
            record=self._record(entry, model),
            staff=staff,
            username=username,
            roles=roles,
            customer_id=customer_id,
            customer=customer,
            changes=self._changes(entry, model, related),
        )

    def _record(self, entry, model):
        """The row the entry is about, as named when it was written; a staff account by its full name."""
        record = getattr(entry, "object_repr", "")
        if model is get_user_model():
            name, username = self._accounts.get(_key(model, entry.object_pk), (None, None))
            if name and name != username:
                return f"{name} ({username})"
        return record

    def staff(self, entry):
        """(name, username, roles then) of the staff member, or the system for scheduled jobs."""
        if entry.actor_id is None or entry.actor_id not in self._staff:
            name = entry.actor_email or gettext("the system (automatic processing)")
            return name, "", ""
        name, username, roles_now = self._staff[entry.actor_id]
        roles = stored_roles(entry.additional_data)
        # Entries written before roles were stored with them show the roles
        # now, the only ones known.
        return name, username, ", ".join(sorted(roles if roles is not None else roles_now))

    def changed_labels(self, entry):
        """The labels of the fields an entry recorded, whatever its action (never values)."""
        model = self._model(entry.content_type_id)
        labels = []
        for name in _changes(entry):
            model_field = self._field(model, name)
            if model_field is None or _is_real_field(model_field):
                labels.append(self._label(model, name, model_field))
        return labels

    def data_label(self, content_type_id):
        if content_type_id not in self._data_labels:
            model = self._model(content_type_id)
            self._data_labels[content_type_id] = (
                str(capfirst(model._meta.verbose_name))
                if model is not None
                else ContentType.objects.get_for_id(content_type_id).model
            )
        return self._data_labels[content_type_id]

    def _changes(self, entry, model, related):
        shown_for = (LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE)
        if entry.action not in shown_for:
            return []
        if not self.values and entry.action != LogEntry.Action.UPDATE:
            return []
        changes = []
        for name, values in _changes(entry).items():
            model_field = self._field(model, name)
            if model_field is not None and not _is_real_field(model_field):
                continue
            label = self._label(model, name, model_field)
            if not self.values:
                changes.append(Change(label, "", ""))
                continue
            if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": ..., "objects": [...]}
                objects = ", ".join(str(value) for value in values.get("objects", []))
                if values.get("operation") == "delete":
                    changes.append(Change(label, "", gettext("removed: %(objects)s") % {"objects": objects}))
                else:
                    changes.append(Change(label, "", gettext("added: %(objects)s") % {"objects": objects}))
                continue
            old, new = ([*values, None, None])[:2] if isinstance(values, list | tuple) else (None, values)
            old, new = self.value(model_field, old, related), self.value(model_field, new, related)
            if old or new:  # a new row's empty fields (None → "") say nothing
                changes.append(Change(label, old, new))
        return changes

    def value(self, model_field, value, related):
        """One stored value as a person reads it."""
        if _empty(value):
            return ""
        if model_field is None:
            return _plain(value)
        if model_field.is_relation and model_field.concrete and not model_field.many_to_many:
            names = related.get(model_field.related_model, {})
            return names.get(str(value), str(DELETED))
        if model_field.flatchoices:
            if model_field not in self._choices:
                self._choices[model_field] = {str(key): str(label) for key, label in model_field.flatchoices}
            labels = self._choices[model_field]
            if isinstance(value, list):
                return ", ".join(str(labels.get(str(v), v)) for v in value)
            return str(labels.get(str(value), value))
        if isinstance(model_field, models.BooleanField):
            truth = value if isinstance(value, bool) else str(value) == "True"
            return gettext("yes") if truth else gettext("no")
        if isinstance(model_field, models.DateTimeField):
            moment = value if isinstance(value, datetime) else parse_datetime(str(value))
            if moment is None:
                return _plain(value)
            if timezone.is_naive(moment):
                moment = moment.replace(tzinfo=UTC)  # auditlog stores UTC
            return formats.date_format(timezone.localtime(moment, self.zone), "SHORT_DATETIME_FORMAT")
        if isinstance(model_field, models.DateField):
            day = value if isinstance(value, date) else parse_date(str(value))
            return formats.date_format(day, "SHORT_DATE_FORMAT") if day else _plain(value)
        return _plain(value)


def _key(model, value):
    """``value`` as a primary key of ``model``, or None when it cannot be one (shown as stored)."""
    try:
        return model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None


def _plain(value):
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _changes(entry):
    changes = entry.changes
    if changes is None and getattr(entry, "changes_text", ""):
        import json

        try:
            changes = json.loads(entry.changes_text)
        except ValueError:
            changes = None
    return changes if isinstance(changes, dict) else {}


def _customer_id(entry):
    if hasattr(entry, "customer_id"):  # a row read as plain values
        return entry.customer_id
    try:
        return entry.customer_link.customer_id
    except (ObjectDoesNotExist, AttributeError):
        return None
