from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from registry.fields import BusinessIdField, PhoneNumberField

FINNISH_FALLBACK = _("When this is empty, pages and letters in this language show the Finnish text.")


class ControllerDetails(models.Model):
    """The controller of the register and its contact person (S1–S3).

    One record, edited by the responsible person; the audit trail keeps its
    earlier versions. The privacy notice and every letter read it from here.

    The register's name and the responsible person's title are words, so
    they are kept in Finnish, Swedish and English (``<field>_sv``,
    ``<field>_en``, as the consent app keeps its texts); the unsuffixed field
    is the Finnish one. Pages and letters show them in their own language
    through ``translated()`` (S1–S3).
    """

    TRANSLATED_FIELDS = ("register_name", "responsible_person_title")

    name = models.CharField(_("controller"), max_length=200)
    business_id = BusinessIdField(_("business ID"))
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    phone = PhoneNumberField(_("phone"))
    email = models.EmailField(_("e-mail"), blank=True)
    register_name = models.CharField(_("register name in Finnish"), max_length=200)
    register_name_sv = models.CharField(
        _("register name in Swedish"), max_length=200, blank=True, help_text=FINNISH_FALLBACK
    )
    register_name_en = models.CharField(
        _("register name in English"), max_length=200, blank=True, help_text=FINNISH_FALLBACK
    )
    responsible_person_name = models.CharField(_("responsible person"), max_length=200)
    responsible_person_title = models.CharField(_("responsible person's title in Finnish"), max_length=200)
    responsible_person_title_sv = models.CharField(
        _("responsible person's title in Swedish"), max_length=200, blank=True, help_text=FINNISH_FALLBACK
    )
    responsible_person_title_en = models.CharField(
        _("responsible person's title in English"), max_length=200, blank=True, help_text=FINNISH_FALLBACK
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("controller details")
        verbose_name_plural = _("controller details")

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        """The controller's details; created by a data migration, so always there."""
        return cls.objects.order_by("pk").first()

    @property
    def postal_address(self):
        return f"{self.street_address}, {self.postal_code} {self.city}"

    def translated(self, field, language=None):
        """``field`` in the active (or the given) language; Finnish when that is empty."""
        language = (language or get_language() or "fi")[:2]
        return getattr(self, f"{field}_{language}", "") or getattr(self, field)

    @property
    def translated_register_name(self):
        return self.translated("register_name")

    @property
    def translated_responsible_person_title(self):
        return self.translated("responsible_person_title")

    def translations(self):
        """The Swedish and English versions, for a published notice's snapshot of these details."""
        return {
            f"{field}_{language}": getattr(self, f"{field}_{language}")
            for field in self.TRANSLATED_FIELDS
            for language in ("sv", "en")
        }

    @classmethod
    def translate_snapshot(cls, snapshot, language=None):
        """A snapshot (a dict of these details) with the translated fields in the active language.

        Snapshots taken before the fields had translations hold only Finnish, which is then shown.
        """
        language = (language or get_language() or "fi")[:2]
        return {
            **snapshot,
            **{
                field: snapshot.get(f"{field}_{language}") or snapshot.get(field, "")
                for field in cls.TRANSLATED_FIELDS
            },
        }
