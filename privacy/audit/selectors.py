"""Reads of the audit trail that other code reuses (S33, S39)."""

from datetime import datetime, time, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
    LogEntry.Action.ACCESS: _("viewed"),
}

# The staff member's role groups when the entry was written (receivers.py).
ROLES_KEY = "roles"


def stored_roles(additional_data):
    """The role names stored with an entry, or None for an entry without them."""
    if isinstance(additional_data, dict) and isinstance(additional_data.get(ROLES_KEY), list):
        return additional_data[ROLES_KEY]
    return None


def customer_entries(customer_id):
    """Every entry on the customer and on the rows related to them, oldest first."""
    from django.contrib.auth.models import Group

    return (
        LogEntry.objects.filter(customer_link__customer_id=customer_id)
        .select_related("actor")
        .prefetch_related(Prefetch("actor__groups", queryset=Group.objects.order_by("name")))
        .order_by("timestamp", "pk")
    )


def actor_name(entry):
    """Who did it: the staff member's name, or the system for scheduled jobs."""
    if entry.actor is not None:
        return entry.actor.get_full_name() or entry.actor.get_username()
    if entry.actor_email:
        return entry.actor_email
    return gettext("the system (automatic processing)")


def actor_roles(entry):
    """The staff member's roles (groups) when the entry was written (S39).

    Entries written before roles were stored with them (and entries whose
    stored data was blanked by an erasure) show the staff member's roles as
    they are now, the only ones known; the groups are prefetched for that.
    """
    if entry.actor is None:
        return ""
    roles = stored_roles(entry.additional_data)
    if roles is None:
        roles = [group.name for group in entry.actor.groups.all()]
    return ", ".join(sorted(roles))


def data_label(entry):
    """What kind of data the entry is about, e.g. "representative"."""
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    if model is None:
        return entry.content_type_id and ContentType.objects.get_for_id(entry.content_type_id).model
    return str(capfirst(model._meta.verbose_name))


def changed_field_labels(entry):
    """The names (never the values) of the fields a change touched."""
    if entry.action != LogEntry.Action.UPDATE:
        return ""
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    labels = []
    for name in entry.changes_dict:
        try:
            labels.append(str(model._meta.get_field(name).verbose_name))
        except (FieldDoesNotExist, AttributeError):
            labels.append(name)
    return ", ".join(labels)


def access_report_part(customer):
    """The customer's log data for the access report (S33, S35, S39).

    Finnish client-data law gives the customer the right to know who has
    accessed or changed their data, when, and in what role. One record per
    audit entry on the customer and on the rows related to them, oldest
    first: the time, the action, the kind of data, the names of changed
    fields, the staff member and the roles they held then (stored with the
    entry; an entry written before that was done shows their roles now, the
    only ones known). Never a value: the entries of
    related rows may hold other people's data (a representative's contact
    details), and the log never holds passwords.

    A long-standing customer can have tens of thousands of entries, so rows
    are read as plain values and every label, staff member and kind of data
    is looked up once, not once per entry (bench/README.md has the figures).
    """
    from django.contrib.auth import get_user_model

    # Issue 18 item 9: each header is a literal, so that the catalogues translate it.
    headers = [
        gettext("time"),
        gettext("action"),
        gettext("data"),
        gettext("fields changed"),
        gettext("staff member"),
        gettext("role"),
    ]
    actions = {action: str(label) for action, label in ACTION_LABELS.items()}
    rows = (
        LogEntry.objects.filter(customer_link__customer_id=customer.pk)
        .order_by("timestamp", "pk")
        .values_list(
            "timestamp", "action", "content_type_id", "changes", "actor_id", "actor_email", "additional_data"
        )
    )
    rows = list(rows)
    staff = {}
    actor_ids = {row[4] for row in rows if row[4] is not None}
    for user in get_user_model().objects.filter(pk__in=actor_ids).prefetch_related("groups"):
        roles = ", ".join(sorted(group.name for group in user.groups.all()))
        staff[user.pk] = (user.get_full_name() or user.get_username(), roles)
    kinds = {}
    field_labels = {}

    def kind_of(content_type_id):
        if content_type_id not in kinds:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            kinds[content_type_id] = (
                str(capfirst(model._meta.verbose_name))
                if model
                else ContentType.objects.get_for_id(content_type_id).model
            )
        return kinds[content_type_id]

    def changed(content_type_id, changes):
        if not isinstance(changes, dict):
            return ""
        labels = []
        for name in changes:
            key = (content_type_id, name)
            if key not in field_labels:
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                try:
                    field_labels[key] = str(model._meta.get_field(name).verbose_name)
                except (FieldDoesNotExist, AttributeError):
                    field_labels[key] = name
            labels.append(field_labels[key])
        return ", ".join(labels)

    system = gettext("the system (automatic processing)")
    records = []
    for timestamp, action, content_type_id, changes, actor_id, actor_email, additional_data in rows:
        name, roles = staff.get(actor_id, (actor_email or system, ""))
        roles_then = stored_roles(additional_data)
        if roles_then is not None and actor_id in staff:
            roles = ", ".join(sorted(roles_then))
        records.append(
            dict(
                zip(
                    headers,
                    (
                        timezone.localtime(timestamp).strftime("%Y-%m-%d %H:%M"),
                        actions.get(action, str(action)),
                        kind_of(content_type_id),
                        changed(content_type_id, changes) if action == LogEntry.Action.UPDATE else "",
                        name,
                        roles,
                    ),
                    strict=True,
                )
            )
        )
    return [
        {
            "key": "audit_trail",
            "title": gettext("Who has viewed or changed your data"),
            "records": records,
        }
    ]


def local_day_start(day):
    """Midnight at the start of ``day`` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_entries(*, customer_id=None, actor=None, action=None, since=None, until=None, queryset=None):
    """Audit entries matching the review's filters, newest first.

    Each filter is served by an index: the customer link, the actor, the
    action and the timestamp. ``since`` and ``until`` are local dates, both
    included.
    """
    entries = LogEntry.objects.all() if queryset is None else queryset
    if customer_id is not None:
        entries = entries.filter(customer_link__customer_id=customer_id)
    if actor is not None:
        entries = entries.filter(actor=actor)
    if action is not None:
        entries = entries.filter(action=action)
    if since is not None:
        entries = entries.filter(timestamp__gte=local_day_start(since))
    if until is not None:
        entries = entries.filter(timestamp__lt=local_day_start(until + timedelta(days=1)))
    return entries.order_by("-timestamp", "-pk")


def with_review_details(entries):
    """What a page of the review shows, in a constant number of queries."""
    from django.contrib.auth.models import Group

    return entries.select_related("actor", "customer_link").prefetch_related(
        Prefetch("actor__groups", queryset=Group.objects.order_by("name"))
    )


def changes_for_review(entry):
    """The changes of an entry as (field label, old, new), for the responsible person."""
    if entry.action not in (LogEntry.Action.UPDATE, LogEntry.Action.CREATE, LogEntry.Action.DELETE):
        return []
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    rows = []
    for name, values in entry.changes_dict.items():
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except (FieldDoesNotExist, AttributeError):
            label = name
        if isinstance(values, dict):  # many-to-many changes
            rows.append((label, "", str(values.get("objects", ""))))
            continue
        old, new = ([*values, "", ""])[:2]
        rows.append(
            (label, "" if old in (None, "None") else str(old), "" if new in (None, "None") else str(new))
        )
    return rows
