from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    """Strong electronic identification (vahva sähköinen tunnistus) through an FTN broker (issue 12, S34)."""

    name = "identification"
    verbose_name = _("Strong electronic identification")

    def ready(self):
        from identification import checks  # noqa: F401
