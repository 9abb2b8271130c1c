from django.db import migrations


def sync(apps, schema_editor):
    from kanalinhelmi.roles import sync_roles

    sync_roles(apps, ["audit_review"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit_review", "0002_link_existing_entries"),
        ("kanalinhelmi", "0001_staff_roles"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
