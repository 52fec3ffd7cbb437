"""Machine-facing open data, outside the language prefixes: CKAN's Action API, DCAT and
downloads."""

from django.urls import path, re_path

from kendali.opendata import ckan, views

app_name = "opendata"

urlpatterns = [
    path("api/3/action/<str:name>", ckan.action, name="ckan"),
    # ckanapi's RemoteCKAN calls /api/action/...; CKAN answers both.
    path("api/action/<str:name>", ckan.action, name="ckan-unversioned"),
    # DCAT-AP: by Accept without a suffix, or by suffix (.jsonld, .ttl, .rdf).
    path("catalog", views.catalog, name="catalog"),
    re_path(r"^catalog\.(?P<fmt>jsonld|ttl|rdf)$", views.catalog, name="catalog-as"),
    re_path(r"^dataset/(?P<name>[\w-]+)$", views.dataset_rdf, name="dataset-rdf"),
    re_path(
        r"^dataset/(?P<name>[\w-]+)\.(?P<fmt>jsonld|ttl|rdf)$",
        views.dataset_rdf,
        name="dataset-as",
    ),
    path(
        "dataset/<slug:name>/resource/<uuid:resource_id>/download/<str:filename>",
        views.download,
        name="download",
    ),
]
