"""Staff members' signed confidentiality undertakings (S30).

Everyone who processes the register is bound by confidentiality
(vaitiolovelvollisuus); the signed paper is the evidence, and this record
says that it exists, when it was signed and where it is kept, so that an
auditor can check the promise from the back-office. The duty outlives the
employment, so a record stays when the person leaves.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class ConfidentialityUndertakingQuerySet(models.QuerySet):
    def in_force(self):
        """Records that count: those no later record has corrected."""
        return self.filter(corrected_by__isnull=True)


class ConfidentialityUndertaking(models.Model):
    """A staff member's signed confidentiality undertaking, as recorded by the responsible person.

    Append-only, like a consent record: a recorded undertaking is never
    changed or deleted. A mistake is corrected by a new record that names the
    one it corrects; the corrected record then no longer counts, and both stay.
    """

    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="confidentiality_undertakings",
        verbose_name=_("staff member"),
    )
    signed_on = models.DateField(_("signed on"))
    reference = models.CharField(
        _("where the signed undertaking is kept"),
        max_length=200,
        blank=True,
        help_text=_("For example the personnel file, an archive folder or a document number."),
    )
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrects record"),
        help_text=_(
            "Only when an earlier record was wrong: choose it here, and it no longer counts. "
            "Both records are kept."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ConfidentialityUndertakingQuerySet.as_manager()

    class Meta:
        verbose_name = _("confidentiality undertaking")
        verbose_name_plural = _("confidentiality undertakings")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        name = self.staff_member.get_full_name() or self.staff_member.get_username()
        return _("%(name)s, signed on %(date)s") % {
            "name": name,
            "date": date_format(self.signed_on, "SHORT_DATE_FORMAT"),
        }

    def clean(self):
        errors = {}
        if self.signed_on and self.signed_on > timezone.localdate():
            errors["signed_on"] = _("The day of signing cannot be in the future.")
        if self.corrects_id is not None:
            if self.pk is not None and self.corrects_id == self.pk:
                errors["corrects"] = _("A record cannot correct itself.")
            elif (
                ConfidentialityUndertaking.objects.filter(corrects_id=self.corrects_id)
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["corrects"] = _(
                    "That record has already been corrected; correct the newer record instead."
                )
        if errors:
            raise ValidationError(errors)
