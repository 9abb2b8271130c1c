from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from consent.models.translated import Publishable, Translated

LANGUAGES = ("fi", "sv", "en")


class PrivacyNotice(Publishable):
    """A version of the privacy notice (tietosuojaseloste, S1–S18).

    The controller, contact person and register name come from the
    register's ``ControllerDetails``; when a version is published they are
    copied into it, so that an archived version shows what it said then.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    controller_snapshot = models.JSONField(
        _("controller details when published"), default=dict, editable=False
    )
    processing_snapshot = models.JSONField(
        _("purposes, legal bases and retention periods when published"),
        default=dict,
        editable=False,
        help_text=_("What an archived version said; the version in force reads them live."),
    )

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-version"]

    def __str__(self):
        return _("privacy notice, version %(version)s") % {"version": self.version}

    @classmethod
    def current(cls):
        return cls.objects.published().order_by("-version").first()

    @property
    def lists_processing(self):
        """Version 2 on: the notice lists the legal basis of each purpose and the retention periods."""
        return any(section.key == PrivacyNoticeSection.Key.RETENTION for section in self.sections.all())

    def processing(self):
        """Purposes with their legal bases, retention periods and transfers (GDPR Art. 13(1)(c), (f), 13(2)(a)).

        The version in force reads them where they live, so the notice and the
        retention job cannot disagree; an archived version shows its snapshot.
        """
        if self == type(self).current() or not self.processing_snapshot:
            return processing_activities()
        language = (translation.get_language() or "fi")[:2]
        snapshot = self.processing_snapshot
        return snapshot.get(language) or snapshot.get("fi") or {}

    def publish(self):
        from registry.models import ControllerDetails

        outgoing = type(self).current()
        if outgoing is not None and not outgoing.processing_snapshot and outgoing.lists_processing:
            # The outgoing version read the data live until now: freeze what it said.
            type(self).objects.filter(pk=outgoing.pk).update(processing_snapshot=processing_snapshot())
        if self.lists_processing:
            self.processing_snapshot = processing_snapshot()

        controller = ControllerDetails.current()
        if controller is not None:
            self.controller_snapshot = {
                "name": controller.name,
                "business_id": controller.business_id,
                "postal_address": controller.postal_address,
                "phone": str(controller.phone),
                "email": controller.email,
                "register_name": controller.register_name,
                "responsible_person_name": controller.responsible_person_name,
                "responsible_person_title": controller.responsible_person_title,
                **controller.translations(),
            }
        super().publish()


class PrivacyNoticeSection(Translated, models.Model):
    """One heading of the notice, its text in Finnish, Swedish and English.

    Lines starting with "- " are shown as a list; an empty line starts a new paragraph.
    """

    class Key(models.TextChoices):
        PURPOSES = "purposes", _("Purposes of processing")
        CONTENTS = "contents", _("Contents of the register")
        SOURCES = "sources", _("Regular sources of information")
        DISCLOSURES = "disclosures", _("Regular disclosures of data")
        TRANSFERS = "transfers", _("Transfers outside the EU or EEA")
        DELETION = "deletion", _("Deletion of data")
        RETENTION = "retention", _("How long the data is kept")
        COOKIES = "cookies", _("Cookies")
        SECURITY = "security", _("Principles of protecting the register")
        RIGHTS = "rights", _("Right of access, rectification and prohibition")
        YOUR_RIGHTS = "your_rights", _("Your rights")
        COMPLAINTS = "complaints", _("Right to lodge a complaint")

    notice = models.ForeignKey(
        PrivacyNotice, on_delete=models.CASCADE, related_name="sections", verbose_name=_("privacy notice")
    )
    key = models.CharField(_("heading"), max_length=16, choices=Key.choices)
    body_fi = models.TextField(_("text in Finnish"))
    body_sv = models.TextField(_("text in Swedish"))
    body_en = models.TextField(_("text in English"))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["notice", "key"], name="notice_section_unique")]

    def __str__(self):
        return str(self.get_key_display())

    def save(self, *args, **kwargs):
        from django.core.exceptions import ValidationError

        if self.notice.was_published():
            raise ValidationError(_("A published version cannot be changed. Create a new version instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from django.core.exceptions import ValidationError

        if self.notice.was_published():
            raise ValidationError(_("A published version cannot be changed. Create a new version instead."))
        return super().delete(*args, **kwargs)

    @property
    def position(self):
        return list(self.Key.values).index(self.key)


class ProcessingPurpose(Translated, models.Model):
    """A purpose of processing and its legal basis (GDPR Art. 6, 13(1)(c), 30(1)(b)–(c)).

    Data, so that the notice in force and the record of processing
    activities say the same; the responsible person keeps them up to date.
    """

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("consent (GDPR Art. 6(1)(a))")
        CONTRACT = "contract", _("contract with the customer (GDPR Art. 6(1)(b))")
        LEGAL_OBLIGATION = "legal_obligation", _("legal obligation (GDPR Art. 6(1)(c))")
        LEGITIMATE_INTERESTS = "legitimate_interests", _("legitimate interests (GDPR Art. 6(1)(f))")

    key = models.SlugField(_("key"), max_length=32, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_fi = models.CharField(_("purpose in Finnish"), max_length=300)
    name_sv = models.CharField(_("purpose in Swedish"), max_length=300)
    name_en = models.CharField(_("purpose in English"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=24, choices=LegalBasis.choices)
    basis_detail_fi = models.CharField(_("legal basis explained in Finnish"), max_length=300, blank=True)
    basis_detail_sv = models.CharField(_("legal basis explained in Swedish"), max_length=300, blank=True)
    basis_detail_en = models.CharField(_("legal basis explained in English"), max_length=300, blank=True)
    data_subjects_fi = models.CharField(_("data subjects in Finnish"), max_length=300)
    data_subjects_sv = models.CharField(_("data subjects in Swedish"), max_length=300)
    data_subjects_en = models.CharField(_("data subjects in English"), max_length=300)
    data_categories_fi = models.TextField(_("personal data in Finnish"))
    data_categories_sv = models.TextField(_("personal data in Swedish"))
    data_categories_en = models.TextField(_("personal data in English"))

    class Meta:
        verbose_name = _("purpose of processing")
        verbose_name_plural = _("purposes of processing")
        ordering = ["position", "key"]

    def __str__(self):
        return self.translated("name")

    def as_row(self):
        return {
            "key": self.key,
            "name": self.translated("name"),
            "legal_basis": str(self.get_legal_basis_display()),
            "basis_detail": self.translated("basis_detail"),
            "data_subjects": self.translated("data_subjects"),
            "data_categories": self.translated("data_categories"),
        }


def retention_periods():
    """The retention rules, read through ``settings.PRIVACY_NOTICE_RETENTION`` (S19–S21).

    The rules belong to the privacy app, which this app may not import; the
    setting names its function, as ``ADDITIONAL_DATA_CONSENT`` does the other
    way. Each row: ``data``, ``period``, ``description``, ``legal_basis``.
    """
    path = getattr(settings, "PRIVACY_NOTICE_RETENTION", "")
    return list(import_string(path)()) if path else []


def processing_activities():
    """Purposes and legal bases, retention periods and transfers, in the active language."""
    from consent.cookies import transfers_outside_eea

    return {
        "purposes": [purpose.as_row() for purpose in ProcessingPurpose.objects.all()],
        "retention": [{key: str(value) for key, value in row.items()} for row in retention_periods()],
        "transfers": [str(service) for service in transfers_outside_eea()],
    }


def processing_snapshot():
    """``processing_activities()`` in each language, kept with a published version."""
    snapshot = {}
    for language in LANGUAGES:
        with translation.override(language):
            snapshot[language] = processing_activities()
    return snapshot
