"""Indexes that serve the request list's search on PostgreSQL (bench/README.md).

The search matches the beginning of the requester's and the person's last
name and of the e-mail without regard to case (``UPPER(col::text) LIKE
'X%'``), which read every request before; as for the customer search
(registry 0004), a b-tree on that expression with ``text_pattern_ops``
answers each of the three, and PostgreSQL combines them. SQLite (the quick
start) has no such operator class and does not need it at demo scale.
"""

from django.db import migrations

COLUMNS = ["last_name", "email", "subject_last_name"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "request_{column}_prefix_idx" '
            f'ON "privacy_datasubjectrequest" (UPPER("{column}"::text) text_pattern_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "request_{column}_prefix_idx"')


class Migration(migrations.Migration):
    dependencies = [("privacy", "0012_electronic_identity")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
