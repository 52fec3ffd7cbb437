from django.urls import path

from kendali.telemetry import console_views as views

app_name = "telemetry-console"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("sensor/<slug:code>/", views.sensor_detail, name="sensor"),
    path("kamera/", views.camera_wall, name="cameras"),
    path("kamera/<slug:code>/snapshot.jpg", views.camera_snapshot, name="snapshot"),
    path("armada/", views.vehicle_list, name="vehicles"),
    path("armada/<slug:code>/status/", views.vehicle_status, name="vehicle-status"),
    path("laporan/<str:ticket>/armada/", views.report_fleet, name="report-fleet"),
    path("laporan/<str:ticket>/kirim/", views.report_dispatch, name="report-dispatch"),
    path("peringatan/<int:alert_id>/terima/", views.alert_acknowledge, name="alert-ack"),
]
