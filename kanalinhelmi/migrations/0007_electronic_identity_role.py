"""Customer service sees which customers are linked to a strong electronic identification; the
responsible person deletes a wrong link (issue 12)."""

from django.db import migrations


def sync(apps, schema_editor):
    from kanalinhelmi.roles import sync_roles

    sync_roles(apps, ["registry"])


class Migration(migrations.Migration):
    dependencies = [
        ("kanalinhelmi", "0006_forget_admin_log"),
        ("registry", "0013_electronic_identity"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
