"""Signing in to the console (and to the admin, through the same steps).

First the password (django-axes counts failures per account and per address). A person who has
a second factor, or whose role needs one, is not signed in yet: the session remembers who is
half-way for a few minutes, and the next step asks the code (`login_code`) or sets up an
authenticator first (`security.enrol`). Only then does Django's ``login`` run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from kendali.agencies import twofactor
from kendali.agencies.models import User
from kendali.lib.lockout import count_failure, is_locked_out, locked_out

PENDING = "kendali_pending_login"
PENDING_SECONDS = 600
SECOND_FACTOR = "kendali.second_factor"


def _login_rate(group: str, request: HttpRequest) -> str | None:
    return settings.LOGIN_RATE or None


@dataclass
class Pending:
    user: User
    backend: str
    next_url: str


def start_pending(request: HttpRequest, user: Any, next_url: str) -> None:
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": next_url,
        "since": time.time(),
    }


def pending_login(request: HttpRequest) -> Pending | None:
    """Who passed the password step in this session in the last few minutes, if anyone."""
    state = request.session.get(PENDING)
    if not isinstance(state, dict) or time.time() - float(state.get("since", 0)) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=int(state.get("user") or 0), is_active=True).first()
    if user is None:
        return None
    return Pending(user, str(state["backend"]), str(state.get("next") or "/console/"))


def complete_login(request: HttpRequest, pending: Pending, device: Any) -> None:
    """Sign in with both factors shown: the session is verified with ``device`` (django-otp
    keeps it in the session when ``login`` runs)."""
    pending.user.otp_device = device  # type: ignore[attr-defined]
    request.session.pop(PENDING, None)
    auth_login(request, pending.user, backend=pending.backend)


@method_decorator(ratelimit(key="ip", rate=_login_rate, method="POST", block=True), name="post")
class LoginView(auth_views.LoginView):
    template_name = "console/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not twofactor.needs_second_step(user):
            return super().form_valid(form)
        start_pending(self.request, user, self.get_success_url())
        return redirect("console:login-code" if twofactor.is_enrolled(user) else "console:enrol")


class AdminLoginView(LoginView):
    """The admin's login page with the console's steps behind it."""

    template_name = "admin/login.html"
    authentication_form = AdminAuthenticationForm
    # A signed-in person without admin rights sees the form, not a loop of redirects.
    redirect_authenticated_user = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(admin.site.each_context(self.request))
        context.setdefault("app_path", self.request.get_full_path())
        context.setdefault("title", _("Masuk"))
        return context

    def get_default_redirect_url(self) -> str:
        return "/admin/"


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """Stands in for ``admin.site.login`` (kendali/urls.py)."""
    response: Any = AdminLoginView.as_view(extra_context=extra_context)(request)
    return cast(HttpResponse, response)


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, or a recovery code."""
    pending = pending_login(request)
    if pending is None:
        return redirect("console:login")
    error = ""
    if request.method == "POST":
        username = pending.user.get_username()
        if is_locked_out(request, username):
            return locked_out(request)
        device = twofactor.verify_code(pending.user, request.POST.get("code", ""))
        if device is not None:
            complete_login(request, pending, device)
            return redirect(pending.next_url)
        count_failure(request, username, via=SECOND_FACTOR)
        error = _(
            "Kode salah, kedaluwarsa atau sudah dipakai. Tunggu beberapa detik sebelum "
            "mencoba lagi."
        )
    return render(
        request, "console/login_code.html", {"error": error}, status=400 if error else 200
    )
