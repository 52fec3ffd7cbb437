"""Reporting and tracking on the public website (inside the language prefixes)."""

from django.urls import path

from kendali.reports import portal_views as views

app_name = "reports-portal"

urlpatterns = [
    path("lapor/", views.report_form, name="new"),
    path("lapor/terima-kasih/<str:ticket>/", views.report_thanks, name="thanks"),
    path("lacak/", views.track, name="track"),
    path("lacak/<str:ticket>/", views.track_detail, name="track-detail"),
    path("laporan/", views.report_list, name="list"),
    path("peta/", views.report_map, name="map"),
    path("kategori/", views.categories, name="categories"),
    path("foto/<str:key>/", views.photo, name="photo"),
]
