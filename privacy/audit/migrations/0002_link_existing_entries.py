"""Link the audit entries written before the links existed to their customers.

Batched by primary key so that a large trail is read in bounded memory;
idempotent, so it is safe to replay.
"""

import json

from django.db import migrations

BATCH = 5000


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _customer_from_changes(entry, field_name):
    changes = entry.changes
    if not changes and entry.changes_text:
        try:
            changes = json.loads(entry.changes_text)
        except ValueError:
            changes = None
    for value in reversed((changes or {}).get(field_name) or []):
        if _as_int(value) is not None:
            return _as_int(value)
    return None


def link_existing(apps, schema_editor):
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    CustomerLogEntry = apps.get_model("audit_review", "CustomerLogEntry")
    for content_type in ContentType.objects.filter(pk__in=LogEntry.objects.values("content_type")):
        try:
            model = apps.get_model(content_type.app_label, content_type.model)
        except LookupError:
            continue
        if model._meta.label == "registry.Customer":
            field = None
        else:
            field = next(
                (
                    f
                    for f in model._meta.concrete_fields
                    if f.is_relation and f.related_model._meta.label == "registry.Customer"
                ),
                None,
            )
            if field is None:
                continue
        last_pk = 0
        while True:
            entries = list(
                LogEntry.objects.filter(content_type=content_type, pk__gt=last_pk, customer_link__isnull=True)
                .order_by("pk")
                .only("pk", "object_pk", "object_id", "changes", "changes_text")[:BATCH]
            )
            if not entries:
                break
            last_pk = entries[-1].pk
            if field is None:
                owners = {}
            else:
                ids = {_as_int(e.object_pk) for e in entries} - {None}
                owners = dict(model._base_manager.filter(pk__in=ids).values_list("pk", field.attname))
            links = []
            for entry in entries:
                object_pk = _as_int(entry.object_id if entry.object_id is not None else entry.object_pk)
                if field is None:
                    customer_id = object_pk
                else:
                    customer_id = owners.get(object_pk) or _customer_from_changes(entry, field.name)
                if customer_id is not None:
                    links.append(CustomerLogEntry(log_entry_id=entry.pk, customer_id=customer_id))
            CustomerLogEntry.objects.bulk_create(links, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("audit_review", "0001_customer_log_links"),
        ("auditlog", "__latest__"),
        ("registry", "__first__"),
    ]

    operations = [migrations.RunPython(link_existing, migrations.RunPython.noop)]
