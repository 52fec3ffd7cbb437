from django.urls import path

from kendali.portal.views import home

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("robots.txt", home.robots, name="robots"),
]
