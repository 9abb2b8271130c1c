"""G2, S33: keep the customer's number on each request, so it outlives the customer row."""

from django.db import migrations, models


def fill_customer_numbers(apps, schema_editor):
    # Requests whose customer is still linked; those already unlinked by an
    # erasure before this migration have lost the number for good.
    DataSubjectRequest = apps.get_model("privacy", "DataSubjectRequest")
    DataSubjectRequest.objects.filter(customer__isnull=False).update(customer_number=models.F("customer_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0004_attachment_removal_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="datasubjectrequest",
            name="customer_number",
            field=models.BigIntegerField(
                blank=True,
                db_index=True,
                help_text="Kept after the customer's data is erased, so that the person's later requests find this one.",
                null=True,
                verbose_name="customer number",
            ),
        ),
        migrations.RunPython(fill_customer_numbers, migrations.RunPython.noop, elidable=True),
    ]
