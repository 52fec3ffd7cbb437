"""ASGI entry point.

Three layers, outermost first: oversized bodies are refused before anything reads them (and
while they stream in, for chunked ones), within a per-process budget for all bodies; static
files are served straight from the installed apps' folders; everything else goes to Django.
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kendali.settings")

import django

django.setup(set_prefix=False)

from asgiref.sync import sync_to_async  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.handlers.asgi import ASGIHandler  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.http.response import HttpResponseBase  # noqa: E402
from servestatic.asgi import ServeStaticASGI  # noqa: E402

Scope = dict[str, Any]


class BodyBudget:
    """Bytes of request bodies this process holds at once (in memory or spooled to disk by
    Django's request reader and multipart parser), across all requests: each chunk is taken
    from the budget as it arrives and the request gives it all back when it ends."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self._lock = threading.Lock()  # the event loop is one thread; tests may use others

    def free(self) -> int:
        return self.limit - self.used

    def take(self, size: int) -> bool:
        with self._lock:
            if self.used + size > self.limit:
                return False
            self.used += size
            return True

    def give_back(self, size: int) -> None:
        with self._lock:
            self.used -= size


class BodySizeLimit:
    """Refuse oversized bodies before Django reads them, however they are sent.

    A ``Content-Length`` above the limit is answered 413 at once, without reading. A body
    without one (``Transfer-Encoding: chunked``), or one longer than it said, is counted as it
    streams in: at the limit the wrapper stops pulling chunks, tells Django the client went
    away (so it drops what it spooled), and answers 413. The server stops reading the socket
    once nobody pulls (uvicorn's flow control), so the rest is never received. What every
    request in the process holds together is bounded by a :class:`BodyBudget`: past it, 503
    with ``Retry-After``.
    """

    def __init__(self, app: Any, limit: int, budget: BodyBudget | None = None) -> None:
        self.app = app
        self.limit = limit
        self.budget = budget or BodyBudget(limit * 4)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = _content_length(scope)
        if announced is not None and announced > self.limit:
            await self._refuse(scope, send, 413)
            return
        if announced is not None and announced > self.budget.free():
            await self._refuse(scope, send, 503)
            return
        held = 0
        refusal: int | None = None
        started = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal held, refusal
            if refusal is not None:
                return {"type": "http.disconnect"}
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                size = len(message.get("body", b""))
                if held + size > self.limit:
                    refusal = 413
                elif not self.budget.take(size):
                    refusal = 503
                else:
                    held += size
                if refusal is not None:
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        finally:
            self.budget.give_back(held)
        if refusal is not None and not started:
            await self._refuse(scope, send, refusal)

    async def _refuse(self, scope: Scope, send: Any, status: int) -> None:
        megabytes = self.limit // (1024 * 1024)
        if status == 413:
            message = (
                f"Kiriman terlalu besar (batas {megabytes} MB). "
                f"Request body too large (limit {megabytes} MB)."
            )
            advice = (
                "Kirim foto yang lebih kecil (paling banyak 3 foto). "
                "Send smaller photos (at most 3)."
            )
        else:
            message = (
                "Server sedang menerima banyak kiriman; coba lagi sebentar lagi. "
                "The server is receiving many uploads; try again in a moment."
            )
            advice = "Kirim ulang formulir sebentar lagi. Send the form again in a moment."
        if scope.get("path", "").startswith("/api/"):
            body = json.dumps({"detail": message, "errors": []}).encode()
            content_type = b"application/json"
        else:
            # A person sent a form with too much in it: say what happened and how to go back.
            body = (
                '<!doctype html><html lang="id"><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{status}</title><h1>{message}</h1>"
                f"<p>{advice}</p>"
                '<p><a href="/lapor/">Kembali ke formulir / Back to the form</a></p></html>'
            ).encode()
            content_type = b"text/html; charset=utf-8"
        headers = [
            (b"content-type", content_type),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        if status == 503:
            headers.append((b"retry-after", b"5"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length before we see it
    return None


class StaticFiles(ServeStaticASGI):  # type: ignore[misc]  # servestatic ships no types
    """Static files (ours, Leaflet, HTMX, the admin's), found the way Django's finders find
    them, indexed once at start-up and served without entering Django."""

    def __init__(self, application: Any) -> None:
        super().__init__(application, max_age=settings.STATIC_MAX_AGE)
        found: dict[str, str] = {}
        for finder in finders.get_finders():
            for path, storage in finder.list(None):
                prefix = (getattr(storage, "prefix", None) or "").strip("/")
                url = settings.STATIC_URL + (f"{prefix}/" if prefix else "") + path
                found.setdefault(url.replace("\\", "/"), storage.path(path))
        for url, path in found.items():
            self.add_file_to_dictionary(url, path)


class KendaliASGIHandler(ASGIHandler):
    """Django under ASGI with one thread hop per request instead of a dozen.

    By default Django adapts each middleware written for sync code to async, sending every
    process_request and process_response to a worker thread and back, in a new thread per
    request: most of a small request's time (docs/benchmarks.md). Here the middleware chain
    and a sync view run as under WSGI, in one call on a reused worker thread that keeps its
    database connection. Async views (the event stream) still run on the event loop, and
    streaming responses are still sent by the ASGI handler.
    """

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self._get_response_in_thread, thread_sensitive=False)(request)

    def _get_response_in_thread(self, request: HttpRequest) -> HttpResponseBase:
        # What request_started/request_finished do for WSGI, in the thread that uses the
        # connection: drop a connection that is broken or past its age, keep a healthy one.
        close_old_connections()
        try:
            return self.get_response(request)
        finally:
            close_old_connections()


django_application = KendaliASGIHandler()
application = BodySizeLimit(
    StaticFiles(django_application),
    settings.MAX_REQUEST_BYTES,
    BodyBudget(settings.REQUEST_BODY_BUDGET_BYTES),
)
