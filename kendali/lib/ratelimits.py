"""Rate limits on top of django-ratelimit: its decorator with its type kept (the package ships
no type hints), and a limit on failed lookups (:class:`MissLimit`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

View = TypeVar("View", bound=Callable[..., Any])


def rate_limited(**options: Any) -> Callable[[View], View]:
    """``@rate_limited(key="ip", rate=..., method="POST", block=True)``: django-ratelimit's
    ``@ratelimit`` with the same options; the decorated view keeps its signature."""
    return cast(Callable[[View], View], ratelimit(**options))


def setting_rate(name: str) -> Callable[[str, HttpRequest], str | None]:
    """A django-ratelimit ``rate`` read from the setting ``name`` at each request (so tests and
    deployments can change it); an empty setting turns the limit off."""

    def rate(group: str, request: HttpRequest) -> str | None:
        return str(getattr(settings, name, "") or "") or None

    return rate


class MissLimit:
    """A limit on failed lookups per client address: wrong ticket codes, unknown ids.

    A lookup that finds something costs nothing; one that finds nothing counts. Once an
    address has missed as often as the setting ``rate_setting`` allows in its window (``30/m``),
    every lookup from it is refused until the window passes, so guessing codes is slow while
    a person refreshing their own ticket is never held up.
    """

    def __init__(self, group: str, rate_setting: str) -> None:
        self.group = group
        self.rate = setting_rate(rate_setting)

    def _usage(self, request: HttpRequest, *, increment: bool) -> dict[str, Any] | None:
        usage: dict[str, Any] | None = get_usage(
            request, group=self.group, key="ip", rate=self.rate, increment=increment
        )
        return usage

    def exhausted(self, request: HttpRequest) -> bool:
        usage = self._usage(request, increment=False)
        return usage is not None and usage["count"] >= usage["limit"]

    def count(self, request: HttpRequest, misses: int = 1) -> None:
        for _ in range(misses):
            usage = self._usage(request, increment=True)
            if usage is None or usage["count"] >= usage["limit"]:
                return  # off, or used up already: no need to count further
