from django.urls import path
from django.utils.translation import gettext_lazy as _

from privacy import views

app_name = "privacy"

urlpatterns = [
    # Translated paths: /oikeudet/, /sv/rattigheter/, /en/rights/.
    path(_("rights/"), views.rights, name="rights"),
    path(_("rights/sent/"), views.sent, name="sent"),
    path(_("rights/confirm/<str:rid>/<str:token>/"), views.confirm, name="confirm"),
    path(_("rights/letter/<str:signed>/"), views.request_letter, name="request_letter"),
    path(_("rights/<slug:kind>/"), views.request_form, name="request"),
]
