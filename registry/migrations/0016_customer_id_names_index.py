"""The customers' names by their id, for a practitioner's list (issue 11 item 11).

A practitioner sees their own customers and the joint register, a list of
ids (``visible_customer_ids``). To show the first 50 in name order the
database looks up each of those customers (6,666 among a million) for their
name; from the table that was one random read per customer, from this index
it is an index-only look-up (bench/README.md). PostgreSQL only, like 0005.
"""

from django.db import migrations

CREATE = (
    'CREATE INDEX IF NOT EXISTS "customer_id_names_idx" ON "registry_customer" ("id") '
    'INCLUDE ("last_name", "first_name")'
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "customer_id_names_idx"')


class Migration(migrations.Migration):
    dependencies = [("registry", "0015_customer_full_name_index")]
    operations = [migrations.RunPython(create_index, drop_index)]
