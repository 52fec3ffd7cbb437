"""`kendali ingest mqtt`: subscribe with QoS 1 in a persistent session, store messages in
batches, and acknowledge each message only after the batch holding it has committed.

A message that was received but not acknowledged when the ingestor died is sent again by the
broker when the ingestor reconnects with the same client id; the unique (sensor, timestamp)
index turns the second copy into an "ignored" reading, so every acknowledged reading is stored
exactly once. paho's network loop reconnects by itself after a broker restart; acknowledgements
for messages received on an earlier connection are dropped (the broker sends those again).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.db import DatabaseError, close_old_connections

from kendali.telemetry.adapters.mqtt import parse_message
from kendali.telemetry.ingest import (
    IngestResult,
    RawPosition,
    RawReading,
    ingest_positions,
    ingest_readings,
)

logger = logging.getLogger("kendali.telemetry.mqtt")
IDLE_SECONDS = 0.005  # a gap this long between messages ends a batch


@dataclass(frozen=True)
class Broker:
    host: str
    port: int
    username: str | None
    password: str | None
    tls: bool


def parse_url(url: str) -> Broker:
    """``mqtt://user:password@host:1883`` (``mqtts://`` for TLS, default port 8883)."""
    parts = urlsplit(url)
    if parts.scheme not in {"mqtt", "mqtts", "tcp", "ssl"}:
        raise ValueError(f"KENDALI_MQTT_URL must start with mqtt:// or mqtts://, not {url!r}")
    tls = parts.scheme in {"mqtts", "ssl"}
    return Broker(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or (8883 if tls else 1883),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        tls=tls,
    )


@dataclass
class _Received:
    topic: str
    payload: bytes
    mid: int
    qos: int
    generation: int


class MqttIngestor:
    def __init__(
        self,
        url: str,
        prefix: str,
        client_id: str,
        *,
        owntracks_topic: str | None = "owntracks/+/+",
        batch_size: int = 1000,
        flush_seconds: float = 0.1,
    ) -> None:
        self.broker = parse_url(url)
        self.prefix = prefix.rstrip("/")
        self.client_id = client_id
        self.topics = [
            f"{self.prefix}/sensors/+",
            f"{self.prefix}/readings",
            f"{self.prefix}/vehicles/+",
        ]
        if owntracks_topic:
            self.topics.append(owntracks_topic)
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.inbox: queue.Queue[_Received] = queue.Queue()
        self.stopped = threading.Event()
        self.connected = threading.Event()
        self.generation = 0
        self.totals: Counter[str] = Counter()
        self.client = self._client()

    def _client(self) -> Any:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        client = mqtt.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=self.client_id,
            clean_session=False,  # the broker keeps our subscriptions and unacknowledged messages
            protocol=mqtt.MQTTv311,
            manual_ack=True,
        )
        if self.broker.username:
            client.username_pw_set(self.broker.username, self.broker.password)
        if self.broker.tls:
            client.tls_set()
        client.reconnect_delay_set(min_delay=1, max_delay=10)
        client.max_inflight_messages_set(self.batch_size)
        client.on_connect = self._on_connect
        client.on_subscribe = self._on_subscribe
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        return client

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        if getattr(reason, "is_failure", False):
            logger.warning("mqtt: connection refused: %s", reason)
            return
        self.generation += 1
        client.subscribe([(topic, 1) for topic in self.topics])
        logger.info(
            "mqtt: connected to %s:%s as %s, subscribing to %s",
            self.broker.host,
            self.broker.port,
            self.client_id,
            ", ".join(self.topics),
        )

    def _on_subscribe(self, client: Any, userdata: Any, mid: Any, reasons: Any, props: Any) -> None:
        # Connected for real once the broker has the subscriptions: a message published before
        # that, on a broker without our old session, would not reach us.
        failed = [reason for reason in reasons if getattr(reason, "is_failure", False)]
        if failed:
            logger.warning("mqtt: subscription refused: %s", failed)
            return
        self.connected.set()

    def _on_disconnect(
        self, client: Any, userdata: Any, flags: Any, reason: Any, props: Any
    ) -> None:
        self.connected.clear()
        if not self.stopped.is_set():
            logger.warning("mqtt: disconnected (%s); reconnecting", reason)

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        self.inbox.put(
            _Received(message.topic, message.payload, message.mid, message.qos, self.generation)
        )

    def start(self) -> None:
        self.client.connect_async(self.broker.host, self.broker.port, keepalive=30)
        self.client.loop_start()

    def stop(self) -> None:
        self.stopped.set()
        self.client.disconnect()
        self.client.loop_stop()

    def run_forever(self) -> None:
        self.start()
        try:
            while not self.stopped.is_set():
                self.process_batch()
        finally:
            self.stop()

    def _collect(self) -> list[_Received]:
        try:
            first = self.inbox.get(timeout=0.5)
        except queue.Empty:
            return []
        batch = [first]
        # Take what is waiting and what arrives while messages keep coming, up to the batch
        # size or `flush_seconds`. The broker sends only so many unacknowledged messages
        # (Mosquitto: max_inflight_messages, 20 by default), so waiting longer for a full
        # batch would only add latency.
        deadline = time.monotonic() + self.flush_seconds
        while len(batch) < self.batch_size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                batch.append(self.inbox.get(timeout=min(remaining, IDLE_SECONDS)))
            except queue.Empty:
                break
        return batch

    def _store(self, batch: list[_Received]) -> list[Any]:
        readings, positions = _parsed(self.prefix, batch)
        results = []
        if readings:
            results.append(ingest_readings(readings, source="mqtt"))
        if positions:
            results.append(ingest_positions(positions, source="mqtt"))
        return results

    def _store_one_by_one(self, batch: list[_Received]) -> list[Any]:
        results: list[Any] = []
        for message in batch:
            try:
                results.extend(self._store([message]))
            except DatabaseError:
                raise
            except Exception:
                logger.exception(
                    "mqtt: dropped a message on %s that cannot be stored", message.topic
                )
                results.append(IngestResult(rejected=1))
        return results

    def process_batch(self) -> int:
        """Store one batch and acknowledge its messages; return how many messages it held."""
        batch = self._collect()
        if not batch:
            return 0
        delay = 0.5
        while True:
            close_old_connections()
            try:
                results = self._store(batch)
                break
            except DatabaseError:  # the database is away: keep the batch, retry, ack later
                logger.exception("mqtt: storing a batch failed; retrying in %.1f s", delay)
                if self.stopped.wait(delay):
                    return 0  # not acknowledged: the broker sends these again
                delay = min(delay * 2, 10)
            except Exception:
                # Not the database: something in one message trips the code. Store the messages
                # one by one so the good ones are kept, and drop (acknowledge) the bad one:
                # kept, the broker would send it again and again. Readings already stored are
                # ignored as repeats, so going over the batch again is safe.
                logger.exception(
                    "mqtt: a batch could not be stored; storing its messages one by one"
                )
                try:
                    results = self._store_one_by_one(batch)
                    break
                except DatabaseError:
                    logger.exception("mqtt: storing a batch failed; retrying in %.1f s", delay)
                    if self.stopped.wait(delay):
                        return 0
                    delay = min(delay * 2, 10)
        for result in results:
            self.totals.update(
                stored=result.stored, ignored=result.ignored, rejected=result.rejected
            )
        for message in batch:
            # Messages of an earlier connection are sent again by the broker; their ids may
            # mean something else on this one.
            if message.qos > 0 and message.generation == self.generation:
                self.client.ack(message.mid, message.qos)
        return len(batch)


def _parsed(prefix: str, batch: list[_Received]) -> tuple[list[Any], list[Any]]:
    readings: list[RawReading | None] = []
    positions: list[RawPosition | None] = []
    for message in batch:
        parsed = parse_message(prefix, message.topic, message.payload)
        readings.extend(parsed.readings)
        positions.extend(parsed.positions)
    return readings, positions


def default_prefix() -> str:
    """The topic prefix: ``KENDALI_MQTT_PREFIX``, else ``kendali/<city slug>``."""
    from django.conf import settings

    if settings.MQTT_PREFIX:
        return str(settings.MQTT_PREFIX)
    from kendali.cities.models import City

    city = City.current()
    return f"kendali/{city.slug if city else 'kota'}"


def start_embedded() -> MqttIngestor:
    """Run the ingestor in a daemon thread of this process (`kendali serve` with
    KENDALI_MQTT_URL set), so its live events reach the consoles this process serves."""
    from django.conf import settings

    ingestor = MqttIngestor(settings.MQTT_URL, default_prefix(), settings.MQTT_CLIENT_ID)
    threading.Thread(target=ingestor.run_forever, name="mqtt-ingest", daemon=True).start()
    return ingestor
