"""Live events across processes: PostgreSQL LISTEN/NOTIFY behind the broker seam.

With ``KENDALI_BROKER=postgres`` every process that publishes (server processes, ``kendali
worker``, ``kendali ingest mqtt``) sends each event with ``pg_notify`` once its transaction has
committed, and every process that serves Server-Sent Event streams listens on one channel with
a connection of its own and fans what arrives out to its local subscribers. An event thus
reaches the consoles of every server process, including its own (through the database too, so
the order is the commit order everywhere).

PostgreSQL refuses a notification payload of 8000 bytes or more, so an event's JSON travels in
numbered chunks sent in one transaction: they arrive together and in order. If the listening
connection drops, events may have been missed: the listener reconnects with backoff and tells
every open stream to reset, and the console reloads what it shows.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from typing import Any

from kendali.lib.broker import Event, InProcessBroker, Subscription

logger = logging.getLogger("kendali.broker")

CHANNEL = "kendali_events"
CHUNK = 7000  # characters of ASCII JSON per notification; PostgreSQL's limit is 8000 bytes
MAX_PARTIAL = 200  # events being reassembled at once; older halves are dropped


def encode(event: Event, message_id: str) -> list[str]:
    """The notifications that carry one event: ``<id>:<index>:<count>:<chunk>``."""
    text = json.dumps(
        {"k": event.kind, "d": event.data, "a": event.agency_ids, "u": event.user_ids},
        separators=(",", ":"),
        ensure_ascii=True,  # one character is one byte: chunks stay under the limit
    )
    chunks = [text[start : start + CHUNK] for start in range(0, len(text), CHUNK)]
    return [f"{message_id}:{index}:{len(chunks)}:{chunk}" for index, chunk in enumerate(chunks)]


class Reassembly:
    """Collects the chunks of each event and returns the event once it is whole."""

    def __init__(self) -> None:
        self._partial: OrderedDict[str, list[str | None]] = OrderedDict()

    def add(self, payload: str) -> Event | None:
        try:
            message_id, index_text, count_text, chunk = payload.split(":", 3)
            index, count = int(index_text), int(count_text)
            if not 0 <= index < count:
                raise ValueError(payload[:40])
        except ValueError:
            logger.warning("ignored a malformed notification on %s", CHANNEL)
            return None
        if count == 1:
            return self._decode(chunk)
        parts = self._partial.setdefault(message_id, [None] * count)
        if len(parts) != count:
            return None
        parts[index] = chunk
        if any(part is None for part in parts):
            while len(self._partial) > MAX_PARTIAL:
                self._partial.popitem(last=False)
            return None
        del self._partial[message_id]
        return self._decode("".join(part or "" for part in parts))

    @staticmethod
    def _decode(text: str) -> Event | None:
        try:
            body = json.loads(text)
            return Event(
                kind=str(body["k"]),
                data=dict(body["d"]),
                agency_ids=tuple(int(agency) for agency in body["a"]),
                user_ids=tuple(int(user) for user in body["u"]),
            )
        except (ValueError, KeyError, TypeError):
            logger.warning("ignored an undecodable event on %s", CHANNEL)
            return None


def _connection_params(alias: str) -> dict[str, Any]:
    """psycopg connection arguments for the database Django uses (the test database in tests)."""
    from django.db import connections

    params = dict(connections[alias].get_connection_params())
    for django_only in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(django_only, None)
    return params


class PostgresBroker:
    """Publish with pg_notify; a listener thread per process feeds the local subscribers."""

    def __init__(self, alias: str = "default", *, retry_max: float = 10.0) -> None:
        self.alias = alias
        self.local = InProcessBroker()
        self.retry_max = retry_max
        self.listener_pid: int | None = None  # the listening backend (tests terminate it)
        self.connected = threading.Event()
        self._origin = uuid.uuid4().hex[:12]
        self._sequence = itertools.count(1)
        self._start_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    # Publishing ---------------------------------------------------------------------------

    def publish(self, event: Event) -> None:
        """Send the event to every listening process. Best effort: a failure is logged."""
        from django.db import DatabaseError, connections, transaction

        notifications = encode(event, f"{self._origin}-{next(self._sequence)}")
        connection = connections[self.alias]
        # One notification goes on its own (autocommit), or with the surrounding transaction's
        # commit; the chunks of a bigger event need a transaction so they arrive together.
        alone = len(notifications) == 1 or connection.in_atomic_block
        try:
            with (
                contextlib.nullcontext() if alone else transaction.atomic(using=self.alias),
                connection.cursor() as cursor,
            ):
                for payload in notifications:
                    cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])
        except DatabaseError:
            logger.exception("live event %s not sent", event.kind)

    # Listening ----------------------------------------------------------------------------

    def subscribe(self) -> Subscription:
        self.start()
        return self.local.subscribe()

    def start(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(
                    target=self._listen, name="kendali-broker-listener", daemon=True
                )
                self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _listen(self) -> None:
        import psycopg

        delay = 0.2
        listened_before = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(**_connection_params(self.alias), autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listener_pid = conn.info.backend_pid
                    if listened_before:
                        # Whatever was sent while no one listened is lost: streams start over.
                        logger.warning("live events: listener reconnected; streams reset")
                        self.local.reset_subscribers()
                    listened_before = True
                    self.connected.set()
                    delay = 0.2
                    reassembly = Reassembly()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            event = reassembly.add(note.payload)
                            if event is not None:
                                self.local.publish(event)
            except psycopg.Error as exc:
                self.connected.clear()
                logger.warning("live events: listener lost PostgreSQL (%s); retrying", exc)
                time.sleep(delay)
                delay = min(delay * 2, self.retry_max)
        self.connected.clear()

    @property
    def subscriber_count(self) -> int:
        return self.local.subscriber_count
