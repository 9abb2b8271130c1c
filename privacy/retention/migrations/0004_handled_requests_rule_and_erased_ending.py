"""G3: the "handled requests" rule, so the responsible person sees it and may change its period.

Idempotent, like 0002: a rule already there keeps its period. The period is
written out here, not read from ``rules.DEFAULTS``, so the migration stays
what it was whatever the code later says; it equals
``privacy.services.REQUEST_EVIDENCE_YEARS``, which the erasure letter
promises. Also the ``erased`` kind of ending that the rule records.
"""

from django.db import migrations, models


def add_handled_requests_rule(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    RetentionRule.objects.get_or_create(key="handled_requests", defaults={"period": 3, "unit": "years"})


class Migration(migrations.Migration):

    dependencies = [
        ('retention', '0003_staff_roles'),
    ]

    operations = [
        migrations.AlterField(
            model_name='relationshipending',
            name='kind',
            field=models.CharField(choices=[('ended', 'customer relationship ended'), ('misuse', 'removed after misuse of the service'), ('erased', "erased at the customer's request")], max_length=8, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='retentionrule',
            name='key',
            field=models.CharField(choices=[('identifiers', 'IP addresses and other identifiers'), ('ended_relationships', 'customers whose relationship has ended'), ('unconfirmed_requests', 'unconfirmed data-subject requests'), ('handled_requests', 'handled data-subject requests'), ('cookie_choices', 'cookie consent log'), ('billing_vouchers', 'billing vouchers (invoices and orders)'), ('audit_entries', 'audit trail entries')], max_length=32, unique=True, verbose_name='data'),
        ),
        migrations.RunPython(add_handled_requests_rule, migrations.RunPython.noop),
    ]
