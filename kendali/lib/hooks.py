"""Ordered, explicit hooks: a lower layer announces, higher layers listen.

A `Hook` is a named list of handlers. The app that owns an event declares the hook (the report
lifecycle's are in `kendali/reports/hooks.py`); feature apps register handlers in their
`AppConfig.ready()`. Calling the hook runs every handler in order, in the caller's transaction,
so a handler's writes commit or roll back with the change that caused them, and a handler that
raises stops the action. Unlike Django signals, the order is explicit and nothing is dispatched
by sender type or weak reference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

Payload = TypeVar("Payload")
Handler = Callable[[Payload], Any]


@dataclass(frozen=True)
class Registration(Generic[Payload]):
    order: int
    name: str
    handler: Callable[[Payload], Any]


@dataclass
class Hook(Generic[Payload]):
    """One event. Handlers take a single payload object and run in ascending ``order``."""

    name: str
    doc: str = ""
    _registrations: list[Registration[Payload]] = field(default_factory=list, repr=False)

    def register(
        self, handler: Callable[[Payload], Any], *, order: int = 100, name: str = ""
    ) -> Callable[[Payload], Any]:
        """Add a handler (idempotent by name, so a re-run of ``ready()`` does not double it)."""
        name = name or f"{handler.__module__}.{handler.__qualname__}"
        self._registrations = [r for r in self._registrations if r.name != name]
        self._registrations.append(Registration(order, name, handler))
        self._registrations.sort(key=lambda r: (r.order, r.name))
        return handler

    def unregister(self, name: str) -> None:
        self._registrations = [r for r in self._registrations if r.name != name]

    def handlers(self) -> list[str]:
        """The registered handlers' names, in the order they run."""
        return [r.name for r in self._registrations]

    def __call__(self, payload: Payload) -> None:
        for registration in list(self._registrations):
            registration.handler(payload)

    def collect(self, payload: Payload) -> list[Any]:
        """Run every handler and return what each returned (None results left out)."""
        results = []
        for registration in list(self._registrations):
            result = registration.handler(payload)
            if result is not None:
                results.append(result)
        return results


_HOOKS: dict[str, Hook[Any]] = {}


def declare(name: str, doc: str = "") -> Hook[Any]:
    """The hook called ``name``, created once per process (docs/architecture.md lists them)."""
    if name not in _HOOKS:
        _HOOKS[name] = Hook(name, doc)
    return _HOOKS[name]


def all_hooks() -> dict[str, Hook[Any]]:
    return dict(_HOOKS)
