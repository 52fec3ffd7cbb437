"""ASGI entry point. Oversized request bodies are refused before Django reads them."""

from __future__ import annotations

import json
import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kendali.settings")

from django.conf import settings
from django.core.asgi import get_asgi_application

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
            body = message.encode()
            content_type = b"text/plain; charset=utf-8"
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


django_application = get_asgi_application()
application = BodySizeLimit(django_application, settings.MAX_REQUEST_BYTES)
