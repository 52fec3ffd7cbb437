"""SOPs in the console, and the steps of a report's checklist; mounted under /console/."""

from django.urls import path

from kendali.sops import console_views as views

app_name = "sops-console"

urlpatterns = [
    path("sop/", views.sop_list, name="list"),
    path("sop/baru/", views.sop_new, name="new"),
    path("sop/<slug:code>/", views.sop_detail, name="detail"),
    path("sop/<slug:code>/draf/", views.sop_edit, name="edit"),
    path("sop/<slug:code>/v<int:number>/<str:verb>/", views.sop_action, name="action"),
    path(
        "laporan/<str:ticket>/langkah/<int:run_id>/<int:order>/<str:verb>/",
        views.step_action,
        name="step-action",
    ),
]
