"""The console's report pages, mounted under /console/."""

from django.urls import path

from kendali.reports import console_views as views

app_name = "reports-console"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("peta/", views.report_map, name="map"),
    path("laporan/<str:ticket>/", views.report_detail, name="detail"),
    path("laporan/<str:ticket>/<str:action>/", views.report_action, name="action"),
    path("foto/<str:key>/", views.photo, name="photo"),
]
