"""Who may authenticate with a token, and who may use the staff pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kendali.agencies.models import ApiToken, User, hash_token


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__agency")
        .filter(digest=hash_token(raw))
        .first()
    )
    if token is None or not token.is_usable:
        return None
    now = timezone.now()
    # Record use at most once a minute: a busy integration must not write on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Signed in, active and holding a staff role; anyone else goes to the login page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if not (user.reads_everything or user.is_agency_staff):
            return render(request, "console/no_role.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
