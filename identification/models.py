"""The kind of data an identification's audit entry is about.

An identification leaves nothing behind but its audit entry (issue 12: "nothing
stored beyond the audit entry"), and an audit entry names a kind of data by
its content type. ``Identification`` is that kind: a model without a table
(``managed = False``), so the audit review and the exports show the entry as
"strong electronic identification" like any other.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Identification(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("strong electronic identification")
        verbose_name_plural = _("strong electronic identifications")

    def __str__(self):
        return str(self._meta.verbose_name)
