"""Live events for the console: a small publish/subscribe seam.

Actions publish an :class:`Event` after their transaction commits; Server-Sent Event streams
subscribe and receive them. The in-process broker serves one server process (the embedded
default). The PostgreSQL LISTEN/NOTIFY broker (``kendali.lib.pgbroker``) implements the same
two methods, ``publish`` and ``subscribe``, for several processes; ``KENDALI_BROKER`` chooses.

Events never carry personal data: they name what changed (a ticket, a status, an agency) and the
console fetches what the user may see through views that check access.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol


@dataclass(frozen=True)
class Event:
    kind: str
    data: dict[str, Any]
    # Agencies whose staff may receive the event; command-center staff receive every event.
    agency_ids: tuple[int, ...] = ()
    # When set, only these people receive it (their own notifications).
    user_ids: tuple[int, ...] = ()
    id: int = 0


class Subscription(Protocol):
    async def get(self, timeout: float) -> Event | None: ...

    def close(self) -> None: ...

    @property
    def overflowed(self) -> bool: ...


class Broker(Protocol):
    def publish(self, event: Event) -> None: ...

    def subscribe(self) -> Subscription: ...


@dataclass(eq=False)
class _LocalSubscription:
    broker: InProcessBroker
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(maxsize=500))
    overflowed: bool = False

    def deliver(self, event: Event) -> None:
        try:
            self.loop.call_soon_threadsafe(self._put, event)
        except RuntimeError:  # the subscriber's loop has closed: the client is gone
            self.close()

    def _put(self, event: Event) -> None:
        # A client that cannot keep up loses old events and is told to reload its view.
        if self.queue.full():
            self.overflowed = True
            self.queue.get_nowait()
        self.queue.put_nowait(event)

    async def get(self, timeout: float) -> Event | None:
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None

    def close(self) -> None:
        self.broker.unsubscribe(self)


class InProcessBroker:
    """Fan events out to the subscribers living in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: set[_LocalSubscription] = set()
        self._sequence = itertools.count(1)

    def publish(self, event: Event) -> None:
        with self._lock:
            event = replace(event, id=next(self._sequence))
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            subscriber.deliver(event)

    def subscribe(self) -> _LocalSubscription:
        subscription = _LocalSubscription(broker=self, loop=asyncio.get_running_loop())
        with self._lock:
            self._subscribers.add(subscription)
        return subscription

    def reset_subscribers(self) -> None:
        """Tell every subscriber it may have missed events (their streams then start over)."""
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            subscriber.overflowed = True
            subscriber.deliver(Event("reset", {}, id=0))  # wakes a stream waiting for events

    def unsubscribe(self, subscription: _LocalSubscription) -> None:
        with self._lock:
            self._subscribers.discard(subscription)

    @property
    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscribers)


_broker: Broker | None = None
_broker_lock = threading.Lock()


def get_broker() -> Broker:
    """The process's broker: in-process, or PostgreSQL LISTEN/NOTIFY (``KENDALI_BROKER``)."""
    global _broker
    with _broker_lock:
        if _broker is None:
            from django.conf import settings

            if settings.BROKER == "postgres":
                from kendali.lib.pgbroker import PostgresBroker

                _broker = PostgresBroker()
            else:
                _broker = InProcessBroker()
        return _broker


def publish_on_commit(
    kind: str,
    data: dict[str, Any],
    agency_ids: Iterable[int | None],
    *,
    user_ids: Iterable[int] = (),
) -> None:
    """Publish an event once the surrounding transaction has committed (at once outside one)."""
    from django.db import transaction

    event = Event(
        kind=kind,
        data=data,
        agency_ids=tuple(sorted({agency_id for agency_id in agency_ids if agency_id})),
        user_ids=tuple(sorted(set(user_ids))),
    )
    transaction.on_commit(lambda: get_broker().publish(event))
