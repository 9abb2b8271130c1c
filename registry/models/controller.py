from django.core.cache import cache
from django.db import models, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from registry.fields import BusinessIdField, PhoneNumberField

FINNISH_FALLBACK = _("When this is empty, pages and letters in this language show the Finnish text.")


def translated_value(obj, field, language=None):
    """``obj.<field>`` in the active (or the given) language: ``<field>_sv``, ``<field>_en``, else the Finnish."""
    language = (language or get_language() or "fi")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, field)


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
    # Issue 18 item 11: every letter gives an e-mail address to reach the controller.
    email = models.EmailField(_("e-mail"), help_text=_("Shown on the privacy notice and on every letter."))
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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.forget_current()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.forget_current()
        return result

    CURRENT_CACHE_KEY = "registry:controller-details"

    @classmethod
    def current(cls):
        """The controller's details; created by a data migration, so always there.

        Every public page's footer shows them (S1), so, like the cookie policy
        in force, they are kept in the shared cache for a minute and dropped
        whenever they are saved or deleted.
        """
        details = cache.get(cls.CURRENT_CACHE_KEY)
        if details is None:
            details = cls.objects.order_by("pk").first()
            if details is not None:
                cache.set(cls.CURRENT_CACHE_KEY, details, 60)
        return details

    @classmethod
    def forget_current(cls):
        cache.delete(cls.CURRENT_CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(cls.CURRENT_CACHE_KEY))

    @property
    def postal_address(self):
        return f"{self.street_address}, {self.postal_code} {self.city}"

    def translated(self, field, language=None):
        """``field`` in the active (or the given) language; Finnish when that is empty."""
        return translated_value(self, field, language)

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
