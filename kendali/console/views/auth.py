"""Signing in to the console."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit


def _login_rate(group: str, request: HttpRequest) -> str | None:
    return settings.LOGIN_RATE or None


@method_decorator(ratelimit(key="ip", rate=_login_rate, method="POST", block=True), name="post")
class LoginView(auth_views.LoginView):
    template_name = "console/login.html"
    redirect_authenticated_user = True
