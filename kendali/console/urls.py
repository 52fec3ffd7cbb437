from django.contrib.auth import views as auth_views
from django.urls import path

from kendali.console.views import auth, notifications

app_name = "console"

urlpatterns = [
    path("masuk/", auth.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("pemberitahuan/", notifications.notifications, name="notifications"),
    path("pemberitahuan/dibaca/", notifications.read_all, name="notifications-read"),
]
