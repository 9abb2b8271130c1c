"""Only the responsible person changes a customer who has prohibited or restricted processing (S38)."""

from django.db import migrations


def sync(apps, schema_editor):
    from kanalinhelmi.roles import sync_roles

    sync_roles(apps, ["registry"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_care_practitioner_index_with_dates"),
        ("kanalinhelmi", "0001_staff_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="customer",
            options={
                "ordering": ["last_name", "first_name", "id"],
                "permissions": [
                    ("view_all_customers", "Can see every customer in the register"),
                    (
                        "change_restricted_customer",
                        "Can change a customer who has prohibited or restricted processing",
                    ),
                ],
                "verbose_name": "customer",
                "verbose_name_plural": "customers",
            },
        ),
        migrations.RunPython(sync, migrations.RunPython.noop),
    ]
