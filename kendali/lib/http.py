"""Outbound HTTP: the one seam every call to another system goes through.

Timeouts always, a cap on how much of an answer is read, only http and https, no exception
for network trouble (the caller gets a result saying what went wrong). Tests talk to servers
they start on loopback, or patch :func:`request`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from kendali import __version__

USER_AGENT = f"Kendali/{__version__}"
DEFAULT_TIMEOUT = 10.0
MAX_RESPONSE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class HttpResult:
    status: int | None
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    error: str = ""
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def request(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    content: bytes | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_RESPONSE_BYTES,
) -> HttpResult:
    if urlsplit(url).scheme not in {"http", "https"}:
        return HttpResult(status=None, error="only http and https URLs are allowed")
    started = time.monotonic()
    sent_headers = {"User-Agent": USER_AGENT, **(headers or {})}
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=False) as client,
            client.stream(method, url, headers=sent_headers, content=content) as response,
        ):
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    body = body[:max_bytes]
                    break
            return HttpResult(
                status=response.status_code,
                body=body,
                headers=dict(response.headers),
                elapsed_ms=(time.monotonic() - started) * 1000,
            )
    except httpx.TimeoutException:
        error = f"no answer within {timeout:g} s"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return HttpResult(status=None, error=error, elapsed_ms=(time.monotonic() - started) * 1000)
