"""The staff roles' permissions on consents, the cookie table and the notice (S29)."""

from django.db import migrations


def sync(apps, schema_editor):
    from kanalinhelmi.roles import sync_roles

    sync_roles(apps, ["consent"])


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0004_privacy_notice"),
        ("kanalinhelmi", "0001_staff_roles"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
