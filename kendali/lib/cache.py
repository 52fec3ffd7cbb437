"""Per-process caches of small tables, with one way to expire them and one reset for tests.

Many actions read the same few rows (SLA policies, webhook endpoints, calendars, sensors):
asking the database every time costs more than the work itself. A :class:`ProcessCache` keeps
each value for ``seconds`` and forgets everything when one of the models it watches is saved or
deleted in this process; another process (a command, a second server) is noticed when the
value expires. :func:`clear_all` empties every cache, which tests call between cases so that a
rolled-back row never lingers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models.signals import post_delete, post_save

K = TypeVar("K")
V = TypeVar("V")

_caches: list[ProcessCache[Any, Any]] = []
_caches_lock = threading.Lock()


class ProcessCache(Generic[K, V]):
    """Values by key, each kept for ``seconds`` after it was loaded."""

    def __init__(
        self, name: str, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.name = name
        self.seconds = seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._entries: dict[K, tuple[float, V]] = {}
        with _caches_lock:
            _caches.append(self)

    def __repr__(self) -> str:
        return f"<ProcessCache {self.name} ({len(self._entries)} entries, {self.seconds:g} s)>"

    def _fresh(self, key: K, now: float) -> tuple[bool, V | None]:
        entry = self._entries.get(key)
        if entry is not None and now - entry[0] < self.seconds:
            return True, entry[1]
        return False, None

    def get(self, key: K, load: Callable[[], V]) -> V:
        """The cached value, or ``load()``'s (called outside the lock, so a slow query never
        blocks other keys)."""
        with self._lock:
            found, value = self._fresh(key, self.clock())
        if found:
            return value  # type: ignore[return-value]
        loaded = load()
        self.set(key, loaded)
        return loaded

    def get_many(self, keys: Iterable[K], load: Callable[[list[K]], dict[K, V]]) -> dict[K, V]:
        """The cached values of ``keys``; the missing ones come from one ``load(missing)``.
        Keys that ``load`` does not return are left out (and asked again next time)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[K, V] = {}
        with self._lock:
            now = self.clock()
            for key in wanted:
                fresh, value = self._fresh(key, now)
                if fresh:
                    found[key] = value  # type: ignore[assignment]
        missing = [key for key in wanted if key not in found]
        if missing:
            loaded = load(missing)
            now = self.clock()
            with self._lock:
                for key, value in loaded.items():
                    self._entries[key] = (now, value)
            found.update((key, loaded[key]) for key in missing if key in loaded)
        return found

    def set(self, key: K, value: V) -> None:
        with self._lock:
            self._entries[key] = (self.clock(), value)

    def update(self, key: K, change: Callable[[V], V]) -> None:
        """Change a cached value in place (keeping its age); nothing happens if it is absent."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries[key] = (entry[0], change(entry[1]))

    def clear(self, **_signal: Any) -> None:
        """Forget every value (also usable as a signal receiver)."""
        with self._lock:
            self._entries.clear()

    def forget_on(self, *watched: type[models.Model]) -> None:
        """Forget everything when a row of one of ``watched`` is saved or deleted here."""
        for model in watched:
            uid = f"{self.name}.{model._meta.label}"
            post_save.connect(self.clear, sender=model, dispatch_uid=f"{uid}.save", weak=False)
            post_delete.connect(self.clear, sender=model, dispatch_uid=f"{uid}.del", weak=False)


def clear_all() -> None:
    """Empty every per-process cache (tests call this around each case)."""
    with _caches_lock:
        caches = list(_caches)
    for cache in caches:
        cache.clear()


def registered() -> list[str]:
    with _caches_lock:
        return [cache.name for cache in _caches]
