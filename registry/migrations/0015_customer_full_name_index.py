"""An index on the surname and first name together, upper-cased, for finding a person by name (S34).

The request's verify and link pages look for customers with the requester's
surname whose first name is theirs or begins with it ("Aino" for "Aino
Maria"). With only the single-column indexes PostgreSQL read every customer
of the first name (tens of thousands among a million) to test the surname;
on both columns the lookup reads only that person's namesakes. PostgreSQL
only, like 0004 (the quick start's SQLite does not need it at demo scale).
"""

from django.db import migrations

CREATE = (
    'CREATE INDEX IF NOT EXISTS "customer_full_name_idx" ON "registry_customer" '
    '(UPPER("last_name"::text), UPPER("first_name"::text) text_pattern_ops)'
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "customer_full_name_idx"')


class Migration(migrations.Migration):
    dependencies = [("registry", "0014_list_order_indexes")]

    operations = [migrations.RunPython(create_index, drop_index)]
