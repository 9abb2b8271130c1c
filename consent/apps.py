from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = _("Consents and privacy notice")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from consent import audit
        from consent.selectors import forget_site_controller

        audit.register_models()
        # The public footer shows the controller's details from the cache (S1).
        for signal in (post_save, post_delete):
            signal.connect(
                forget_site_controller,
                sender="registry.ControllerDetails",
                dispatch_uid="forget_site_controller",
            )
