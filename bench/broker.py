"""Benchmark live-event delivery: the in-process broker, the PostgreSQL LISTEN/NOTIFY broker, and
bare psycopg LISTEN/NOTIFY as the database's own baseline, in one run.

For each, events are published from one thread (as actions do, after their commit) and
received by a subscriber on an asyncio loop in another thread (as a server's SSE stream is).
Each event carries the moment it was published; the subscriber notes when it arrives.

- latency: 1000 small events (a report change, ~150 bytes) paced 2 ms apart: p50 / p99 / max;
- throughput: 5000 small events sent as fast as possible: events per second until the last
  one arrives;
- big events: 200 telemetry batches of 500 sensors (~45 kB, 7 notifications each): latency.

    .venv/bin/python bench/broker.py

Needs PostgreSQL at 127.0.0.1:5432 (no tables are used). Results on stdout and as JSON under
bench/results/; numbers go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

SMALL = {"ticket": "AB12-CD34", "action": "verify", "status": "verified", "agency": 3}


def big_payload() -> dict[str, Any]:
    sensors = [
        {"code": f"tma-{n:04d}", "value": 123.4, "ts": "2026-11-28T01:02:03+00:00", "level": 1}
        for n in range(500)
    ]
    return {"sensors": sensors}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Receiver:
    """A subscriber on its own event loop thread that timestamps what arrives."""

    def __init__(self, subscribe: Any) -> None:
        self.arrivals: list[tuple[float, float]] = []
        self.loop = asyncio.new_event_loop()
        self.stopped = False
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        ready = threading.Event()

        async def run() -> None:
            subscription = subscribe()
            ready.set()
            while not self.stopped:
                event = await subscription.get(timeout=0.1)
                if event is not None and "sent" in event.data:
                    self.arrivals.append((event.data["sent"], time.perf_counter()))
            subscription.close()

        self.task = asyncio.run_coroutine_threadsafe(run(), self.loop)
        ready.wait(5)

    def wait_for(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(self.arrivals) < count and time.monotonic() < deadline:
            time.sleep(0.005)

    def close(self) -> None:
        self.stopped = True
        self.task.result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def measure(name: str, publish: Any, subscribe: Any) -> dict[str, Any]:
    from django.db import connection

    from kendali.lib.broker import Event

    out: dict[str, Any] = {}

    def in_thread(work: Any) -> None:
        def run() -> None:
            try:
                work()
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()

    receiver = Receiver(subscribe)
    time.sleep(0.5)  # the listener connects

    def paced() -> None:
        for _ in range(1000):
            publish(Event("report.changed", SMALL | {"sent": time.perf_counter()}))
            time.sleep(0.002)

    in_thread(paced)
    receiver.wait_for(1000)
    latencies = [(got - sent) * 1000 for sent, got in receiver.arrivals]
    out["latency_ms"] = {
        "received": len(latencies),
        "p50": statistics.median(latencies),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies),
    }
    receiver.arrivals.clear()

    started = time.perf_counter()

    def burst() -> None:
        for _ in range(5000):
            publish(Event("report.changed", SMALL | {"sent": time.perf_counter()}))

    in_thread(burst)
    receiver.wait_for(5000)
    elapsed = (receiver.arrivals[-1][1] if receiver.arrivals else time.perf_counter()) - started
    out["burst"] = {"received": len(receiver.arrivals), "events_per_s": 5000 / elapsed}
    receiver.arrivals.clear()

    payload = big_payload()

    def big() -> None:
        for _ in range(200):
            publish(Event("sensor.readings", payload | {"sent": time.perf_counter()}))
            time.sleep(0.01)

    in_thread(big)
    receiver.wait_for(200)
    big_latencies = [(got - sent) * 1000 for sent, got in receiver.arrivals]
    out["big_latency_ms"] = {
        "received": len(big_latencies),
        "p50": statistics.median(big_latencies),
        "p99": percentile(big_latencies, 0.99),
    }
    receiver.close()
    print(
        f"{name:<22} small p50 {out['latency_ms']['p50']:.2f} ms, p99 "
        f"{out['latency_ms']['p99']:.2f} ms ({out['latency_ms']['received']}/1000); "
        f"burst {out['burst']['events_per_s']:,.0f} events/s ({out['burst']['received']}/5000); "
        f"45 kB p50 {out['big_latency_ms']['p50']:.2f} ms, p99 {out['big_latency_ms']['p99']:.2f} "
        f"ms ({out['big_latency_ms']['received']}/200)",
        flush=True,
    )
    return out


class BarePostgres:
    """The database's own LISTEN/NOTIFY with psycopg and JSON, nothing of Kendali's."""

    def __init__(self) -> None:
        import psycopg

        from kendali.lib.broker import InProcessBroker

        self.local = InProcessBroker()
        self.sender = psycopg.connect(common.PG_ADMIN_URL, autocommit=True)
        self.lock = threading.Lock()
        self.stop = False
        ready = threading.Event()

        def listen() -> None:
            import json

            from kendali.lib.broker import Event

            with psycopg.connect(common.PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute("LISTEN bench_bare")
                ready.set()
                while not self.stop:
                    for note in conn.notifies(timeout=0.5):
                        body = json.loads(note.payload)
                        self.local.publish(Event(body["k"], body["d"]))

        self.thread = threading.Thread(target=listen, daemon=True)
        self.thread.start()
        ready.wait(5)

    def publish(self, event: Any) -> None:
        import json

        text = json.dumps({"k": event.kind, "d": event.data})
        # Payloads of 8000 bytes or more are refused: the bare baseline sends small ones only.
        if len(text) >= 8000:
            text = json.dumps({"k": event.kind, "d": {"sent": event.data["sent"]}})
        with self.lock:
            self.sender.execute("SELECT pg_notify('bench_bare', %s)", [text])

    def close(self) -> None:
        self.stop = True
        self.thread.join(5)
        self.sender.close()


def main() -> None:
    os.environ.setdefault("KENDALI_DATA_DIR", tempfile.mkdtemp(prefix="kendali-bench-broker-"))
    os.environ["KENDALI_DATABASE_URL"] = common.PG_ADMIN_URL
    os.environ["KENDALI_LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kendali.settings")
    import django

    django.setup()
    from kendali.lib.broker import InProcessBroker
    from kendali.lib.pgbroker import PostgresBroker

    print(f"kendali broker benchmark: machine {common.machine()}", flush=True)
    results: dict[str, Any] = {"machine": common.machine()}
    local = InProcessBroker()
    results["in_process"] = measure("in-process", local.publish, local.subscribe)
    bare = BarePostgres()
    results["bare_notify"] = measure("bare LISTEN/NOTIFY", bare.publish, bare.local.subscribe)
    bare.close()
    broker = PostgresBroker()
    results["postgres_broker"] = measure(
        "KENDALI_BROKER=postgres", broker.publish, broker.subscribe
    )
    broker.stop()
    print(f"results: {common.save('broker', results)}")


if __name__ == "__main__":
    main()
