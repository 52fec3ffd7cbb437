"""Warnings on the public website (inside the language prefixes) and their CAP documents."""

from django.urls import path

from kendali.warnings import portal_views as views

app_name = "warnings-portal"

urlpatterns = [
    path("peringatan/", views.warning_list, name="list"),
    path("peringatan/<str:identifier>/", views.warning_detail, name="detail"),
]
