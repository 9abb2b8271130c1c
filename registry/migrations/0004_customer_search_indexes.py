"""Indexes that serve the back-office customer search on PostgreSQL.

The search matches the beginning of names, e-mail and company without
regard to case (``UPPER(col::text) LIKE 'X%'``); a b-tree index on that
expression with ``text_pattern_ops`` answers it without scanning a million
rows and needs no database extension. SQLite (the quick start) has no such
operator class and does not need it at demo scale, so it is skipped there.
"""

from django.db import migrations

COLUMNS = ["last_name", "first_name", "email", "company_name"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "customer_{column}_prefix_idx" '
            f'ON "registry_customer" (UPPER("{column}"::text) text_pattern_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "customer_{column}_prefix_idx"')


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_customer_version")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
