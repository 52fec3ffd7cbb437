"""Middleware for staff sessions: their time limits, and the second factor they must show.

`SessionLimits` ends a session idle for ``SESSION_IDLE_MINUTES`` or older than
``SESSION_MAX_HOURS`` since the login. `SecondFactorRequired` keeps a signed-in person whose
role needs a second factor, or who has one, from the console, the admin and the API's session
access until the session is verified with it (django-otp's ``is_verified``); the console's
login asks the code before signing in, so this catches only sessions made otherwise, or a
second factor removed or required while signed in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from kendali.agencies import twofactor
from kendali.agencies.sessions import LOGIN_AT, SEEN_AT, SEEN_RESOLUTION, expired

Handler = Callable[[HttpRequest], HttpResponse]
STAFF_AREAS = ("/console/", "/admin/", "/api/")
# The pages a person who still has to enrol or verify may use.
OPEN_PATHS = (
    "/console/masuk/",
    "/console/keluar/",
    "/console/keamanan/daftar/",
    "/admin/logout/",
)


class SessionLimits:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _token_request(request):
            from django.conf import settings

            session = request.session
            now = time.time()
            login_at = session.get(LOGIN_AT)
            seen_at = session.get(SEEN_AT)
            if expired(login_at, seen_at, now):
                logout(request)
                if request.path.startswith(("/console/", "/admin/")):
                    messages.info(request, _("Sesi Anda berakhir. Silakan masuk lagi."))
            else:
                if login_at is None:
                    session[LOGIN_AT] = now
                if seen_at is None or now - seen_at >= SEEN_RESOLUTION:
                    session[SEEN_AT] = now
                    # The stored session expires with the idle limit, so the clean-up job
                    # removes idle sessions too.
                    session.set_expiry(settings.SESSION_IDLE_MINUTES * 60)
        return self.get_response(request)


class SecondFactorRequired:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(STAFF_AREAS)
            and not request.path.startswith(OPEN_PATHS)
            and not _token_request(request)
            and not user.is_verified()
            and (twofactor.required_for(user) or twofactor.is_enrolled(user))
        ):
            return self._refuse(request, user)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, user: Any) -> HttpResponse:
        if request.path.startswith("/api/"):
            message = _("Verifikasi dua langkah diperlukan. Masuk lewat konsol terlebih dahulu.")
            return JsonResponse({"detail": message, "errors": []}, status=403)
        if twofactor.is_enrolled(user):
            # A session that never showed the code: sign in again, the code step follows.
            logout(request)
            return redirect(f"/console/masuk/?{urlencode({'next': request.path})}")
        return redirect("console:enrol")


def _token_request(request: HttpRequest) -> bool:
    """API calls with a bearer token carry no session to limit or verify."""
    return request.headers.get("Authorization", "").lower().startswith(("bearer ", "basic "))
