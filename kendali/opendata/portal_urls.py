from django.urls import path

from kendali.opendata import portal_views as views

app_name = "opendata-portal"

urlpatterns = [
    path("data/", views.dataset_list, name="list"),
    path("data/<slug:name>/", views.dataset_detail, name="detail"),
]
