"""Lockout after failed sign-ins, for every way of signing in (django-axes underneath).

Passwords on the console's and the admin's login pages go through Django's ``authenticate``,
where django-axes counts failures and refuses a locked account or address itself. The other
ways in call this module: the second-factor step counts a wrong code against the account and
the address, and a wrong API token (which names no account) against the address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kendali.lib.errors import ActionError

T = TypeVar("T")
TOKEN_SENDER = "kendali.token"  # noqa: S105 (a signal sender name)


class LockedOut(ActionError):
    """Too many failed sign-ins from this address: 429."""

    status_code = 429

    def __init__(self) -> None:
        super().__init__(lockout_message())


def lockout_parameters(request: Any, credentials: dict[str, Any] | None) -> list[str]:
    """Count failures per address, and per account when one is named: either locks alone."""
    if credentials and credentials.get("username"):
        return ["ip_address", "username"]
    return ["ip_address"]


def _credentials(username: str | None) -> dict[str, Any]:
    return {"username": username} if username else {}


def is_locked_out(request: HttpRequest, username: str | None = None) -> bool:
    """True when this address, or the named account, is locked."""
    return not AxesProxyHandler.is_allowed(request, _credentials(username))


def count_failure(request: HttpRequest, username: str | None = None, *, via: str) -> None:
    """Count a failed sign-in that did not pass through ``authenticate`` (a wrong second-factor
    code, a wrong token). The same signal Django sends, so the audit log hears of it too."""
    user_login_failed.send(sender=via, credentials=_credentials(username), request=request)


def guarded_token(request: HttpRequest, resolve: Callable[[], T | None]) -> T | None:
    """Resolve the token a request presents, unless its address is locked out; a token that
    resolves to nothing counts as a failed sign-in from the address. Raises `LockedOut`."""
    if is_locked_out(request):
        raise LockedOut
    found = resolve()
    if found is None:
        count_failure(request, via=TOKEN_SENDER)
    return found


def lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return _(
        "Terlalu banyak percobaan masuk yang gagal. Akun atau alamat ini dikunci sementara; "
        "coba lagi dalam %(minutes)s menit."
    ) % {"minutes": minutes}


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The answer to a locked account or address (django-axes' ``AXES_LOCKOUT_CALLABLE``): 429
    with the same words whether the account exists or not, in the page's language."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    message = lockout_message()
    if request.path.startswith(("/api/", "/open311/")):
        response: HttpResponse = JsonResponse({"detail": message, "errors": []}, status=429)
    else:
        staff = request.path.startswith(("/console/", "/admin/"))
        context = {"message": message, "base": "console/base.html" if staff else "portal/base.html"}
        response = render(request, "kendali/locked.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
