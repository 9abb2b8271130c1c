"""The controller's details from the privacy statement (S1–S3), so a fresh register has them."""

from django.db import migrations


def create_controller(apps, schema_editor):
    ControllerDetails = apps.get_model("registry", "ControllerDetails")
    if ControllerDetails.objects.exists():
        return
    ControllerDetails.objects.create(
        name="Lääkärikeskus Kanalinhelmi Oy",
        business_id="3386427-8",
        street_address="Nortamonkatu 18",
        postal_code="26100",
        city="Rauma",
        phone="+35826354665",
        email="",
        register_name="Lääkärikeskus Kanalinhelmen asiakasrekisteri",
        responsible_person_name="Eero Kitinoja",
        responsible_person_title="vastaava lääkäri",
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(create_controller, migrations.RunPython.noop)]
