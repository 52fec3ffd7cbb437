"""django-ratelimit's decorator with its type kept (the package ships no type hints)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django_ratelimit.decorators import ratelimit

View = TypeVar("View", bound=Callable[..., Any])


def rate_limited(**options: Any) -> Callable[[View], View]:
    """``@rate_limited(key="ip", rate=..., method="POST", block=True)``: django-ratelimit's
    ``@ratelimit`` with the same options; the decorated view keeps its signature."""
    return cast(Callable[[View], View], ratelimit(**options))
