"""Absolute links for what leaves the site (emails, feeds, API answers, documents)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def absolute(request: HttpRequest | None, path: str) -> str:
    """``path`` on the public URL when it is set, else on the request's host; the bare path
    only when neither is known."""
    if settings.PUBLIC_URL:
        return str(settings.PUBLIC_URL) + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path
