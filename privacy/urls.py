from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("rights/", views.rights, name="rights"),
    path("rights/sent/", views.sent, name="sent"),
    path("rights/confirm/<str:rid>/<str:token>/", views.confirm, name="confirm"),
    path("rights/letter/<str:signed>/", views.request_letter, name="request_letter"),
    path("rights/<slug:kind>/", views.request_form, name="request"),
]
