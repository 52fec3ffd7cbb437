from django.contrib.auth import views as auth_views
from django.urls import path

from kendali.console.views import audit, notifications, sops
from kendali.console.views import reports as views

app_name = "console"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("peta/", views.report_map, name="map"),
    path("laporan/<str:ticket>/", views.report_detail, name="report"),
    path(
        "laporan/<str:ticket>/langkah/<int:run_id>/<int:order>/<str:verb>/",
        views.step_action,
        name="step-action",
    ),
    path("laporan/<str:ticket>/<str:action>/", views.report_action, name="report-action"),
    path("foto/<str:key>/", views.photo, name="photo"),
    path("pemberitahuan/", notifications.notifications, name="notifications"),
    path("pemberitahuan/dibaca/", notifications.read_all, name="notifications-read"),
    path("audit/", audit.audit_log, name="audit"),
    path("sop/", sops.sop_list, name="sops"),
    path("sop/baru/", sops.sop_new, name="sop-new"),
    path("sop/<slug:code>/", sops.sop_detail, name="sop"),
    path("sop/<slug:code>/draf/", sops.sop_edit, name="sop-edit"),
    path("sop/<slug:code>/v<int:number>/<str:verb>/", sops.sop_action, name="sop-action"),
]
