"""The responsible person records and reads staff confidentiality undertakings (S30)."""

from django.db import migrations


def sync(apps, schema_editor):
    from kanalinhelmi.roles import sync_roles

    sync_roles(apps, ["kanalinhelmi"])


class Migration(migrations.Migration):
    dependencies = [
        ("kanalinhelmi", "0003_confidentiality_undertaking"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
