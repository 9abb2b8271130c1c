from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = _("Consents and privacy notice")

    def ready(self):
        from django.core import checks

        from consent import audit
        from consent.checks import transfers_check

        audit.register_models()
        checks.register(transfers_check)
