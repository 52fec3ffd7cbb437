from django.urls import path

from kendali.opendata import console_views as views

app_name = "opendata-console"

urlpatterns = [
    path("", views.console_list, name="list"),
    path("unggah/", views.console_upload, name="upload"),
    path("perbarui/", views.console_refresh, name="refresh"),
    path("<int:pk>/terbit/", views.console_publish, name="publish"),
]
