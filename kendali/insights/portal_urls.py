from django.urls import path

from kendali.insights import portal_views as views

app_name = "insights-portal"

urlpatterns = [
    path("kinerja/", views.performance, name="performance"),
    path("kinerja/kinerja.<str:fmt>", views.performance_download, name="download"),
]
