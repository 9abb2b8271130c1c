"""The responsible person may remove a document attached by mistake (data minimisation)."""

from django.db import migrations


def sync(apps, schema_editor):
    from kanalinhelmi.roles import sync_roles

    sync_roles(apps, ["privacy"])


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0003_requestattachment"),
        ("kanalinhelmi", "0001_staff_roles"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
