"""The responsible person may reset a staff member's two-step login (S31)."""

from django.db import migrations


def sync(apps, schema_editor):
    from kanalinhelmi.roles import sync_roles

    sync_roles(apps, ["otp_totp"])


class Migration(migrations.Migration):
    dependencies = [
        ("kanalinhelmi", "0001_staff_roles"),
        ("otp_totp", "__latest__"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
