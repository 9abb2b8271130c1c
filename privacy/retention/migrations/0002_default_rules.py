"""The retention rules with their default periods from code (privacy/retention/rules.py).

Idempotent: a rule already there keeps the period the responsible person set.
"""

from django.db import migrations


def add_default_rules(apps, schema_editor):
    from privacy.retention.rules import DEFAULTS

    RetentionRule = apps.get_model("retention", "RetentionRule")
    for key, default in DEFAULTS.items():
        RetentionRule.objects.get_or_create(key=key, defaults={"period": default.period, "unit": default.unit})


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_rules_and_endings")]

    operations = [migrations.RunPython(add_default_rules, migrations.RunPython.noop)]
