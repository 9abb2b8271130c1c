"""The responsible person sees the mail queue (S40): what could not be sent, and sends it again."""

from django.db import migrations


def sync(apps, schema_editor):
    from kanalinhelmi.roles import sync_roles

    sync_roles(apps, ["post_office"])


class Migration(migrations.Migration):
    dependencies = [
        ("kanalinhelmi", "0004_confidentiality_role"),
        ("post_office", "__latest__"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
