from django.contrib.auth import views as auth_views
from django.urls import path

from kendali.console.views import auth, notifications, security

app_name = "console"

urlpatterns = [
    path("masuk/", auth.LoginView.as_view(), name="login"),
    path("masuk/kode/", auth.login_code, name="login-code"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("keamanan/", security.security, name="security"),
    path("keamanan/daftar/", security.enrol, name="enrol"),
    path("keamanan/kode-pemulihan/", security.renew_codes, name="security-renew"),
    path("keamanan/hapus/", security.remove, name="security-remove"),
    path("pemberitahuan/", notifications.notifications, name="notifications"),
    path("pemberitahuan/dibaca/", notifications.read_all, name="notifications-read"),
]
