from django.urls import path
from django.utils.translation import gettext_lazy as _

from consent import views

app_name = "consent"

# Translated paths: /tietosuojaseloste/, /sv/dataskyddsbeskrivning/, /en/privacy-notice/.
urlpatterns = [
    path(_("privacy-notice/"), views.privacy_notice, name="privacy_notice"),
    path(_("privacy-notice/<int:version>/"), views.privacy_notice_version, name="privacy_notice_version"),
    path(_("cookies/"), views.cookie_settings, name="cookie_settings"),
    path(_("consents/"), views.consent_link_request, name="link_request"),
    path(_("consents/<str:token>/"), views.manage_consents, name="manage"),
]
