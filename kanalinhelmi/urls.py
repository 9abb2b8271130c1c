from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from identification import views as identification_views
from kanalinhelmi import two_factor, views

urlpatterns = [
    path("healthz/", views.health, name="health"),
    path("admin/2fa/", two_factor.verify, name="two_factor_verify"),
    path("admin/2fa/enrol/", two_factor.enrol, name="two_factor_enrol"),
    path("admin/2fa/enrol/<str:link>/", two_factor.enrol_with_link, name="two_factor_enrol_link"),
    path("admin/audit/", include("privacy.audit.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Fixed addresses a broker registers once: outside the language prefix (issue 12).
    path("tunnistus/paluu/", identification_views.callback, name="identification_callback"),
    path("tunnistus/jwks.json", identification_views.jwks, name="identification_jwks"),
]

# Public pages: Finnish at the root, Swedish under /sv/, English under /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("consent.urls")),
    path("", include("privacy.urls")),
    path("", include("identification.urls")),
    prefix_default_language=False,
)
