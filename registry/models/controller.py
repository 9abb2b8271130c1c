from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.fields import BusinessIdField, PhoneNumberField


class ControllerDetails(models.Model):
    """The controller of the register and its contact person (S1–S3).

    One record, edited by the responsible person; the audit trail keeps its
    earlier versions. The privacy notice and every letter read it from here.
    """

    name = models.CharField(_("controller"), max_length=200)
    business_id = BusinessIdField(_("business ID"))
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    phone = PhoneNumberField(_("phone"))
    email = models.EmailField(_("e-mail"), blank=True)
    register_name = models.CharField(_("register name"), max_length=200)
    responsible_person_name = models.CharField(_("responsible person"), max_length=200)
    responsible_person_title = models.CharField(_("responsible person's title"), max_length=200)
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
