"""Machine-facing open data, outside the language prefixes: CKAN's Action API, DCAT and
downloads."""

from django.urls import path, re_path

from kendali.opendata import ckan, views

app_name = "opendata"

urlpatterns = [
    path("api/3/action/<str:name>", ckan.action, name="ckan"),
    # ckanapi's RemoteCKAN calls /api/action/...; CKAN answers both.
    path("api/action/<str:name>", ckan.action, name="ckan-unversioned"),
    path("catalog.jsonld", views.catalog, name="catalog"),
    re_path(r"^dataset/(?P<name>[\w-]+)\.jsonld$", views.dataset_jsonld, name="dataset-jsonld"),
    path(
        "dataset/<slug:name>/resource/<uuid:resource_id>/download/<str:filename>",
        views.download,
        name="download",
    ),
]
