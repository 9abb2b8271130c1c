"""Staff roles with least-privilege permissions (S29), so a fresh database has them.

Each app syncs its own part of the roles in a data migration of its own
(``sync_roles(apps, [app_label])``); this one does the register, the audit
trail and the login lockouts.
"""

from django.db import migrations


def sync(apps, schema_editor):
    from kanalinhelmi.roles import sync_roles

    sync_roles(apps, ["registry", "auditlog", "axes"])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("auditlog", "__latest__"),
        ("axes", "__latest__"),
        ("registry", "0002_controller_details"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
