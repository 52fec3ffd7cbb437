"""Signal receivers for signing in: Django's (every login path sends them) and django-axes'
lockout. Each calls one action of `kendali/agencies/actions.py`."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kendali.agencies import actions
from kendali.agencies.sessions import LOGIN_AT, SEEN_AT

# Who counted a failure that did not pass through `authenticate` (kendali/lib/lockout.py).
STEPS = {"kendali.second_factor": "second_factor", "kendali.token": "token"}


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now
        request.session.set_expiry(settings.SESSION_IDLE_MINUTES * 60)
    device = getattr(user, "otp_device", None)
    method = "password"
    if device is not None:
        method = "password+recovery_code" if device.name == "recovery" else "password+totp"
    actions.record_login(user, request, method=method)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = credentials.get("username") if credentials else None
    step = STEPS.get(str(sender), "password")
    actions.record_failed_login(username, request, step=step)


def on_locked_out(
    sender: Any, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any
) -> None:
    actions.record_lockout(username, request)
