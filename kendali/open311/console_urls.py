from django.urls import path

from kendali.open311 import console_views

app_name = "open311-console"

urlpatterns = [
    path("", console_views.key_list, name="keys"),
    path("buat/", console_views.key_issue, name="issue"),
    path("<int:pk>/cabut/", console_views.key_revoke, name="revoke"),
]
