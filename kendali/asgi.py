"""ASGI entry point.

Three layers, outermost first: oversized bodies are refused before anything reads them; static
files are served straight from the installed apps' folders; everything else goes to Django.
"""

from __future__ import annotations

import json
import os
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


class BodySizeLimit:
    """Answer 413 when Content-Length announces more than the largest request we accept."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers", []):
                if name == b"content-length":
                    try:
                        too_big = int(value) > self.limit
                    except ValueError:
                        too_big = False
                    if too_big:
                        await self._refuse(scope, send)
                        return
        await self.app(scope, receive, send)

    async def _refuse(self, scope: Scope, send: Any) -> None:
        megabytes = self.limit // (1024 * 1024)
        message = (
            f"Kiriman terlalu besar (batas {megabytes} MB). "
            f"Request body too large (limit {megabytes} MB)."
        )
        if scope.get("path", "").startswith("/api/"):
            body = json.dumps({"detail": message, "errors": []}).encode()
            content_type = b"application/json"
        else:
            # A person sent a form with too much in it: say what happened and how to go back.
            body = (
                '<!doctype html><html lang="id"><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>413</title><h1>{message}</h1>"
                "<p>Kirim foto yang lebih kecil (paling banyak 3 foto). "
                "Send smaller photos (at most 3).</p>"
                '<p><a href="/lapor/">Kembali ke formulir / Back to the form</a></p></html>'
            ).encode()
            content_type = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", content_type),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


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
application = BodySizeLimit(StaticFiles(django_application), settings.MAX_REQUEST_BYTES)
