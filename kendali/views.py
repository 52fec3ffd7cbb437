"""Project-wide views: health checks, the live event stream, and the rate-limit answer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kendali.agencies.access import user_for_token
from kendali.lib.broker import Event, get_broker
from kendali.lib.lockout import LockedOut, guarded_token

KEEPALIVE_SECONDS = 15.0


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up (no dependencies checked)."""
    return JsonResponse({"status": "ok"})


@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """The process can serve: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not ready"; the reason goes to the log
        import logging

        logging.getLogger(__name__).exception("readiness check failed")
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer for django-ratelimit outside the API: a page a person understands."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Terlalu banyak permintaan. Coba lagi sebentar lagi."), "errors": []},
            status=429,
        )
    return render(request, "kendali/429.html", status=429)


async def _event_user(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
        return await sync_to_async(guarded_token)(request, lambda: user_for_token(token))
    user = await request.auser()
    if user.is_authenticated and user.is_active:
        # Load the agency now: the stream filters on it without touching the database again.
        return await sync_to_async(
            lambda: type(user).objects.select_related("agency").get(pk=user.pk)
        )()
    return None


def _may_receive(user: Any, event: Event) -> bool:
    if event.user_ids:
        return bool(user.pk in event.user_ids)
    if user.reads_everything:
        return True
    return bool(user.is_agency_staff and user.agency_id in event.agency_ids)


def _frame(event: Event) -> str:
    return f"id: {event.id}\nevent: {event.kind}\ndata: {json.dumps(event.data)}\n\n"


async def events(request: HttpRequest) -> HttpResponseBase:
    """Server-Sent Events for staff: what changes in the reports they may see."""
    if request.method != "GET":
        return JsonResponse({"detail": _("Metode tidak diizinkan."), "errors": []}, status=405)
    try:
        user = await _event_user(request)
    except LockedOut as exc:
        return JsonResponse({"detail": exc.message, "errors": []}, status=429)
    if user is None or not (user.reads_everything or user.is_agency_staff):
        return JsonResponse(
            {"detail": _("Perlu masuk (login) atau token API."), "errors": []}, status=401
        )
    subscription = get_broker().subscribe()

    async def stream() -> AsyncIterator[str]:
        try:
            yield "retry: 3000\n: connected\n\n"
            while True:
                event = await subscription.get(timeout=KEEPALIVE_SECONDS)
                if subscription.overflowed:
                    yield "event: reset\ndata: {}\n\n"
                    return
                if event is None:
                    yield ": keep-alive\n\n"
                elif _may_receive(user, event):
                    yield _frame(event)
        except asyncio.CancelledError:
            raise
        finally:
            subscription.close()

    response = StreamingHttpResponse(stream(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Token CSRF tidak ada atau tidak cocok."), "errors": []}, status=403
        )
    return render(request, "403_csrf.html", status=403)


def bench_bare(request: HttpRequest) -> HttpResponse:
    """The benchmark baseline: the full middleware stack, no database, a small JSON body."""
    return JsonResponse({"ok": True})
