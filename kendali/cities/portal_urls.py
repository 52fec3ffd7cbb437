"""The city's pages on the public website (inside the language prefixes)."""

from django.urls import path

from kendali.cities import portal_views as views

app_name = "cities-portal"

urlpatterns = [
    path("tentang/", views.about, name="about"),
]
