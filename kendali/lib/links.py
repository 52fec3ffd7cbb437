"""Absolute links for what leaves the site (emails, feeds, API answers, documents)."""

from __future__ import annotations

from urllib.parse import urlsplit

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


def is_absolute_url(url: str) -> bool:
    """An http(s) URL with a host, such as a document may link to from elsewhere."""
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def public_root(request: HttpRequest | None, fallback: str = "") -> str:
    """The site's absolute root without a trailing slash (``https://kota.example``): the public
    URL setting, else ``fallback`` (a command that knows where it serves), else the request's
    host; "" when the first of them that is given is no absolute http(s) URL."""
    root = str(settings.PUBLIC_URL or "") or fallback
    if not root and request is not None:
        root = request.build_absolute_uri("/")
    root = root.rstrip("/")
    return root if is_absolute_url(root) else ""
