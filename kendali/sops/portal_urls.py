"""Published SOPs on the public website (inside the language prefixes)."""

from django.urls import path

from kendali.sops import portal_views as views

app_name = "sops-portal"

urlpatterns = [
    path("sop/", views.sop_list, name="list"),
    path("sop/<slug:code>/", views.sop_detail, name="detail"),
    path("sop/<slug:code>/pdf/", views.sop_pdf, name="pdf"),
]
