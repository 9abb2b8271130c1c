"""The register's name and the responsible person's title in Swedish and English (S1–S3).

The Swedish and English versions of the statement's Finnish wording are
filled in where the Finnish is still what migration 0002 seeded: a name the
responsible person has since changed is left to them to translate, and the
Finnish is shown until they do.
"""

from django.db import migrations, models

TRANSLATIONS = {
    "register_name": (
        "Lääkärikeskus Kanalinhelmen asiakasrekisteri",
        {
            "sv": "Läkarcentralen Kanalinhelmis kundregister",
            "en": "Lääkärikeskus Kanalinhelmi customer register",
        },
    ),
    "responsible_person_title": (
        "vastaava lääkäri",
        {"sv": "ansvarig läkare", "en": "responsible physician"},
    ),
}


def translate_controller_details(apps, schema_editor):
    ControllerDetails = apps.get_model("registry", "ControllerDetails")
    for controller in ControllerDetails.objects.all():
        changed = []
        for field, (finnish, translations) in TRANSLATIONS.items():
            if getattr(controller, field) != finnish:
                continue
            for language, text in translations.items():
                if not getattr(controller, f"{field}_{language}"):
                    setattr(controller, f"{field}_{language}", text)
                    changed.append(f"{field}_{language}")
        if changed:
            controller.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_change_restricted_customer_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="controllerdetails",
            name="register_name_en",
            field=models.CharField(
                blank=True,
                help_text="When this is empty, pages and letters in this language show the Finnish text.",
                max_length=200,
                verbose_name="register name in English",
            ),
        ),
        migrations.AddField(
            model_name="controllerdetails",
            name="register_name_sv",
            field=models.CharField(
                blank=True,
                help_text="When this is empty, pages and letters in this language show the Finnish text.",
                max_length=200,
                verbose_name="register name in Swedish",
            ),
        ),
        migrations.AddField(
            model_name="controllerdetails",
            name="responsible_person_title_en",
            field=models.CharField(
                blank=True,
                help_text="When this is empty, pages and letters in this language show the Finnish text.",
                max_length=200,
                verbose_name="responsible person's title in English",
            ),
        ),
        migrations.AddField(
            model_name="controllerdetails",
            name="responsible_person_title_sv",
            field=models.CharField(
                blank=True,
                help_text="When this is empty, pages and letters in this language show the Finnish text.",
                max_length=200,
                verbose_name="responsible person's title in Swedish",
            ),
        ),
        migrations.AlterField(
            model_name="controllerdetails",
            name="register_name",
            field=models.CharField(max_length=200, verbose_name="register name in Finnish"),
        ),
        migrations.AlterField(
            model_name="controllerdetails",
            name="responsible_person_title",
            field=models.CharField(max_length=200, verbose_name="responsible person's title in Finnish"),
        ),
        migrations.RunPython(translate_controller_details, migrations.RunPython.noop),
    ]
