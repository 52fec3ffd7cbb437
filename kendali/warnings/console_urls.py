from django.urls import path

from kendali.warnings import console_views as views

app_name = "warnings-console"

urlpatterns = [
    path("", views.console_list, name="list"),
    path("baru/", views.console_new, name="new"),
    path("<int:pk>/", views.console_detail, name="detail"),
    path("<int:pk>/ubah/", views.console_edit, name="edit"),
    path("<int:pk>/<str:action>/", views.console_action, name="action"),
]
