"""Delete what Django's admin log holds (S19–S21): names of erased customers stayed there.

The admin no longer writes it (``kanalinhelmi/admin_log.py``); the audit
trail has every change these rows recorded.
"""

from django.db import migrations


def forget_admin_log(apps, schema_editor):
    apps.get_model("admin", "LogEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("kanalinhelmi", "0005_mail_queue_role"),
    ]

    operations = [migrations.RunPython(forget_admin_log, migrations.RunPython.noop)]
