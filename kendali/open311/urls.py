"""Open311 GeoReport v2, mounted at /open311/v2/."""

from django.urls import path, re_path

from kendali.open311 import views

app_name = "open311"

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("", views.root, name="root"),
    re_path(r"^discovery" + FORMAT, views.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, views.services, name="services"),
    re_path(r"^services/(?P<code>[\w-]+)" + FORMAT, views.service_definition, name="service"),
    re_path(r"^requests" + FORMAT, views.requests_, name="requests"),
    re_path(r"^requests/(?P<ticket>[\w-]+)" + FORMAT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[\w-]+)" + FORMAT, views.token_detail, name="token"),
    re_path(r"^servicerequestupdates" + FORMAT, views.updates, name="updates"),
    re_path(r"^.*?(?:\.(?P<fmt>json|xml))?$", views.unknown, name="unknown"),
]
