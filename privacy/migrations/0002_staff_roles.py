"""What the staff roles may do with data-subject requests (privacy/roles.py)."""

from django.db import migrations

from kanalinhelmi.roles import sync_roles


def sync_privacy_roles(apps, schema_editor):
    sync_roles(apps, ["privacy"])


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("kanalinhelmi", "0001_staff_roles"),
    ]

    operations = [migrations.RunPython(sync_privacy_roles, migrations.RunPython.noop)]
