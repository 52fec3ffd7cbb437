"""The audit trail in the console, mounted under /console/."""

from django.urls import path

from kendali.audit import console_views as views

app_name = "audit-console"

urlpatterns = [
    path("audit/", views.audit_log, name="log"),
]
