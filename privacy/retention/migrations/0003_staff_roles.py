from django.db import migrations


def sync(apps, schema_editor):
    from kanalinhelmi.roles import sync_roles

    sync_roles(apps, ["retention"])


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0002_default_rules"),
        ("kanalinhelmi", "0001_staff_roles"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
