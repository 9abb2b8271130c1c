"""The table of the shared cache (issue 10, item 6).

With DEBUG off and no CACHE_URL the default cache is Django's database cache
in this table, so that every app server process counts the public forms'
rate limits together. Created here, so that a fresh database has it without
a separate ``createcachetable`` step.
"""

from django.core.management import call_command
from django.db import migrations

# settings.SHARED_CACHE_TABLE, as it was when this migration was written.
SHARED_CACHE_TABLE = "kanalinhelmi_cache"



def create(apps, schema_editor):
    call_command("createcachetable", SHARED_CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(SHARED_CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("kanalinhelmi", "0004_confidentiality_role"),
    ]

    operations = [migrations.RunPython(create, drop)]
