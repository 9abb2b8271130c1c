from django.db import models
from django.utils.translation import gettext_lazy as _

from consent.models.translated import Publishable, Translated


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

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-version"]

    def __str__(self):
        return _("privacy notice, version %(version)s") % {"version": self.version}

    @classmethod
    def current(cls):
        return cls.objects.published().order_by("-version").first()

    def publish(self):
        from registry.models import ControllerDetails

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
        COOKIES = "cookies", _("Cookies")
        SECURITY = "security", _("Principles of protecting the register")
        RIGHTS = "rights", _("Right of access, rectification and prohibition")

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
