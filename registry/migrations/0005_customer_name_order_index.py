"""The index that gives back-office name searches their first matches in order.

``CustomerQuerySet.search`` sorts each way of matching by the upper-cased
surname and first name compared byte by byte (``COLLATE "C"``). A b-tree on
exactly that order answers both the surname prefix (a range of the first
column) and the sort, so a search for a surname shared by tens of thousands
of customers reads only the rows it needs. The names themselves are
included so that PostgreSQL, which does not see that ``UPPER(last_name)``
is all a query needs of the column, can answer from the index alone without
visiting the table (an index-only scan). The surname's own prefix index from
0004 is superseded by it. PostgreSQL only, like 0004.
"""

from django.db import migrations

CREATE_NAME_ORDER = (
    'CREATE INDEX IF NOT EXISTS "customer_name_order_idx" ON "registry_customer" '
    '((UPPER("last_name"::text) COLLATE "C"), (UPPER("first_name"::text) COLLATE "C"), "id") '
    'INCLUDE ("last_name", "first_name")'
)
CREATE_LAST_NAME_PREFIX = (
    'CREATE INDEX IF NOT EXISTS "customer_last_name_prefix_idx" '
    'ON "registry_customer" (UPPER("last_name"::text) text_pattern_ops)'
)


def create_name_order_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_NAME_ORDER)
    schema_editor.execute('DROP INDEX IF EXISTS "customer_last_name_prefix_idx"')


def drop_name_order_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_LAST_NAME_PREFIX)
    schema_editor.execute('DROP INDEX IF EXISTS "customer_name_order_idx"')


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_customer_search_indexes")]

    operations = [migrations.RunPython(create_name_order_index, drop_name_order_index)]
