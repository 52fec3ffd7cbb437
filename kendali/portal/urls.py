from django.urls import path

from kendali.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("lapor/", views.report_form, name="report"),
    path("lapor/terima-kasih/<str:ticket>/", views.report_thanks, name="report-thanks"),
    path("lacak/", views.track, name="track"),
    path("lacak/<str:ticket>/", views.track_detail, name="track-detail"),
    path("laporan/", views.report_list, name="reports"),
    path("peta/", views.report_map, name="map"),
    path("kategori/", views.categories, name="categories"),
    path("tentang/", views.about, name="about"),
    path("sop/", views.sop_list, name="sops"),
    path("sop/<slug:code>/", views.sop_detail, name="sop"),
    path("sop/<slug:code>/pdf/", views.sop_pdf, name="sop-pdf"),
    path("foto/<str:key>/", views.photo, name="photo"),
    path("robots.txt", views.robots, name="robots"),
]
