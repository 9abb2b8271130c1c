from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from kanalinhelmi import views

urlpatterns = [
    path("healthz/", views.health, name="health"),
    path("admin/audit/", include("privacy.audit.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Public pages: Finnish at the root, Swedish under /sv/, English under /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("consent.urls")),
    path("", include("privacy.urls")),
    prefix_default_language=False,
)
