"""Machine-readable warnings, outside the language prefixes: /warnings/..."""

from django.urls import path

from kendali.warnings import views

app_name = "warnings"

urlpatterns = [
    path("feed.atom", views.ActiveWarningsFeed(), name="feed"),
    path("active.geojson", views.active_geojson, name="geojson"),
    path("<str:identifier>.xml", views.cap_document, name="cap"),
]
