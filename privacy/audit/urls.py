from django.urls import path

from privacy.audit import chain_views, views

app_name = "audit_review"

urlpatterns = [
    path("", views.review, name="review"),
    path("customers/<int:customer_id>/", views.review, name="customer"),
    path("staff/<int:actor_id>/", views.review, name="staff"),
    path("busy-days/", views.busy_day_list, name="busy_days"),
    path("export.csv", views.export_csv, name="export"),
    path("integrity/", chain_views.integrity, name="integrity"),
    path("seals/<int:pk>.json", chain_views.seal_download, name="seal"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("data-map/", views.data_map, name="data_map"),
]
