from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KanalinhelmiConfig(AppConfig):
    """The project as an app: it owns the staff roles and the admin's look."""

    name = "kanalinhelmi"
    verbose_name = _("Staff and roles")

    def ready(self):
        from django.contrib import admin

        admin.site.site_header = _("Kanalinhelmi customer register")
        admin.site.site_title = _("Kanalinhelmi")
        admin.site.index_title = _("Register administration")
