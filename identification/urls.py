from django.urls import path
from django.utils.translation import gettext_lazy as _

from identification import views

app_name = "identification"

# Under the language prefix: /tunnistus/, /sv/identifiering/, /en/identification/.
# The broker's return address and the public keys are outside it (kanalinhelmi/urls.py).
urlpatterns = [
    path(_("identification/"), views.start, name="start"),
    path(_("identification/sign-out/"), views.sign_out_view, name="sign_out"),
]
