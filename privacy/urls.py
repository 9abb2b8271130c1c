from django.urls import path
from django.utils.translation import gettext_lazy as _

from privacy import own_page, views

app_name = "privacy"

urlpatterns = [
    # Translated paths: /oikeudet/, /sv/rattigheter/, /en/rights/.
    path(_("rights/"), views.rights, name="rights"),
    path(_("rights/sent/"), views.sent, name="sent"),
    path(_("rights/confirm/<str:rid>/<str:token>/"), views.confirm, name="confirm"),
    path(_("rights/letter/<str:signed>/"), views.request_letter, name="request_letter"),
    path(_("rights/<slug:kind>/"), views.request_form, name="request"),
    # Issue 12: the customer's own page, after strong electronic identification.
    path(_("my-data/"), own_page.own_page, name="own_page"),
    path(_("my-data/new-request/"), own_page.own_request, name="own_request"),
    path(_("my-data/my-data.<str:fmt>"), own_page.own_report, name="own_report"),
    path(_("my-data/letter/<int:letter_id>/"), own_page.own_letter, name="own_letter"),
]
