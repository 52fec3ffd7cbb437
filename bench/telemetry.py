"""Benchmark telemetry ingest and the reading → report → console latency.

For each database (SQLite, PostgreSQL) in a fresh data directory or database:

1. The database's own bulk insert of readings into the same table, in the same batches, as the
   baseline: ``executemany`` (SQLite, PostgreSQL) and ``COPY`` (PostgreSQL), measured before
   and after the Kendali runs.
2. HTTP batch ingest: ``POST /api/v1/readings`` with 1000 readings per request, from 1 and 4
   concurrent clients, against ``kendali serve``.
3. MQTT ingest through Mosquitto (127.0.0.1:1883): ``kendali ingest mqtt`` as its own process,
   fed with one reading per message and with 100 readings per message (QoS 1); throughput is
   counted from the first publish until the last reading is in the database.
4. Latency: a reading that crosses a rule's threshold is posted; the time until the report it
   opens arrives as ``report.created`` on an SSE stream (``GET /api/v1/events``) is measured,
   one sensor at a time, idle and while other clients post batches of readings.

    .venv/bin/python bench/telemetry.py                # both databases, about 4 minutes
    .venv/bin/python bench/telemetry.py --db sqlite --quick

Results: a table on stdout and JSON under bench/results/. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import queue
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import (
    BIN,
    HOST,
    RESULTS_DIR,
    ROOT,
    Server,
    background_load,
    free_port,
    machine_info,
    pg_admin,
    postgres_info,
    server_env,
    versions,
)

PG_DB = "kendali_bench_telemetry"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
MQTT_URL = "mqtt://127.0.0.1:1883"
LOAD_SENSORS = 200
RULE_SENSORS = 450
BATCH = 1000
UTC = dt.UTC


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


class Clock:
    """Distinct timestamps for every reading of the run, so no two phases collide."""

    def __init__(self) -> None:
        self.next = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(days=20)

    def take(self, count: int) -> list[dt.datetime]:
        start = self.next
        self.next += dt.timedelta(milliseconds=count)
        return [start + dt.timedelta(milliseconds=i) for i in range(count)]


class Target:
    def __init__(self, db: str, data_dir: Path) -> None:
        self.db = db
        self.data_dir = data_dir
        self.env = server_env(data_dir, "sqlite")
        self.env["KENDALI_EMBEDDED_WORKER"] = "false"
        self.env["KENDALI_TELEMETRY_RAW_DAYS"] = "60"
        if db == "postgres":
            self.env["KENDALI_DATABASE_URL"] = PG_URL

    def kendali(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "kendali"), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"kendali {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.db == "postgres":
            import psycopg

            with psycopg.connect(PG_URL) as conn:
                return list(conn.execute(sql).fetchall())
        with contextlib.closing(
            sqlite3.connect(self.data_dir / "kendali.sqlite3", timeout=30)
        ) as lite:
            return list(lite.execute(sql).fetchall())

    def readings(self) -> int:
        return int(self.query("SELECT count(*) FROM telemetry_reading")[0][0])

    def sensor_ids(self, prefix: str) -> dict[str, int]:
        rows = self.query(f"SELECT code, id FROM telemetry_sensor WHERE code LIKE '{prefix}%'")  # noqa: S608
        return {code: int(pk) for code, pk in rows}


def prepare(target: Target) -> dict[str, str]:
    if target.db == "postgres":
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        pg_admin(f"CREATE DATABASE {PG_DB}")
    target.kendali("demo", "--load-only", "--reports", "0")
    sheet = target.data_dir / "sensors.csv"
    with sheet.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "kind", "latitude", "longitude", "levels", "category"])
        for n in range(LOAD_SENSORS):
            writer.writerow([f"load-{n}", f"Beban {n}", "water_level", -6.9147, 107.6098, "", ""])
        for n in range(RULE_SENSORS):
            writer.writerow(
                [
                    f"rule-{n}",
                    f"Aturan {n}",
                    "water_level",
                    -6.9147,
                    107.6098,
                    "Siaga:100",
                    "banjir",
                ]
            )
    target.kendali("telemetry", "import", "sensors", str(sheet), "--quiet")
    if target.db == "postgres":
        pg_admin("CHECKPOINT")
    return {
        "ingest": target.kendali("telemetry", "token", "create", "bench").strip(),
        "staff": target.kendali("token", "create", "operator", "--name", "bench")
        .strip()
        .split()[-1],
    }


# ---------------------------------------------------------------------------------------------
# Baselines: the database's own bulk insert


def raw_insert(target: Target, clock: Clock, count: int, method: str) -> dict[str, Any]:
    ids = list(target.sensor_ids("load-").values())
    moments = clock.take(count)
    received = dt.datetime.now(UTC)
    sql = "INSERT INTO telemetry_reading (sensor_id, ts, value, received_at) VALUES "
    started = time.perf_counter()
    if target.db == "postgres":
        import psycopg

        with psycopg.connect(PG_URL) as conn:
            for start in range(0, count, BATCH):
                rows = [
                    (ids[i % len(ids)], moments[i], 50.0 + i % 7, received)
                    for i in range(start, min(count, start + BATCH))
                ]
                with conn.cursor() as cursor:
                    if method == "copy":
                        with cursor.copy(
                            "COPY telemetry_reading (sensor_id, ts, value, received_at) FROM STDIN"
                        ) as copy:
                            for row in rows:
                                copy.write_row(row)
                    else:
                        cursor.executemany(sql + "(%s, %s, %s, %s)", rows)
                conn.commit()
    else:
        with contextlib.closing(
            sqlite3.connect(target.data_dir / "kendali.sqlite3", timeout=30)
        ) as lite:
            lite.execute("PRAGMA synchronous=FULL")
            for start in range(0, count, BATCH):
                rows = [
                    (
                        ids[i % len(ids)],
                        moments[i].strftime("%Y-%m-%d %H:%M:%S.%f"),
                        50.0 + i % 7,
                        received.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    )
                    for i in range(start, min(count, start + BATCH))
                ]
                lite.executemany(sql + "(?, ?, ?, ?)", rows)
                lite.commit()
    seconds = time.perf_counter() - started
    return {
        "method": method,
        "readings": count,
        "seconds": round(seconds, 3),
        "per_second": round(count / seconds),
    }


# ---------------------------------------------------------------------------------------------
# HTTP batch ingest


def bodies(clock: Clock, codes: list[str], requests: int, size: int) -> list[bytes]:
    out = []
    for _ in range(requests):
        moments = clock.take(size)
        out.append(
            json.dumps(
                [
                    {
                        "sensor": codes[i % len(codes)],
                        "ts": moments[i].isoformat(),
                        "value": 50 + i % 9,
                    }
                    for i in range(size)
                ]
            ).encode()
        )
    return out


def http_ingest(url: str, token: str, payloads: list[bytes], concurrency: int) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    work: queue.Queue[bytes] = queue.Queue()
    for payload in payloads:
        work.put(payload)
    stored, errors, latencies = [0], [0], []
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(timeout=60) as session:
            while True:
                try:
                    payload = work.get_nowait()
                except queue.Empty:
                    return
                began = time.perf_counter()
                answer = session.post(f"{url}/api/v1/readings", content=payload, headers=headers)
                with lock:
                    latencies.append(time.perf_counter() - began)
                    if answer.status_code == 200:
                        stored[0] += answer.json()["stored"]
                    else:
                        errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        "requests": len(payloads),
        "stored": stored[0],
        "errors": errors[0],
        "seconds": round(seconds, 3),
        "per_second": round(stored[0] / seconds),
        "request_p50_ms": round(1000 * percentile(latencies, 0.5), 1),
        "request_p99_ms": round(1000 * percentile(latencies, 0.99), 1),
    }


# ---------------------------------------------------------------------------------------------
# MQTT ingest


def mqtt_ingest(target: Target, clock: Clock, messages: int, per_message: int) -> dict[str, Any]:
    import paho.mqtt.client as mqtt

    prefix = f"kendali/bench-{uuid.uuid4().hex[:8]}"
    client_id = f"bench-ingest-{uuid.uuid4().hex[:8]}"
    ingestor = subprocess.Popen(
        [
            str(BIN / "kendali"),
            "ingest",
            "mqtt",
            "--url",
            MQTT_URL,
            "--prefix",
            prefix,
            "--client-id",
            client_id,
            "--owntracks-topic",
            "",
        ],
        cwd=ROOT,
        env=target.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    publisher = mqtt.Client(
        callback_api_version=mqtt.CallbackAPIVersion.VERSION2,
        client_id=f"bench-pub-{uuid.uuid4().hex[:8]}",
    )
    publisher.max_inflight_messages_set(2000)
    publisher.max_queued_messages_set(0)
    publisher.connect("127.0.0.1", 1883)
    publisher.loop_start()
    codes = list(target.sensor_ids("load-"))
    try:
        # Wait for the subscription: a first reading must come through.
        before = target.readings()
        probe = clock.take(1)[0]
        deadline = time.monotonic() + 60
        while target.readings() == before:
            if time.monotonic() > deadline:
                raise RuntimeError("the MQTT ingestor did not start")
            publisher.publish(
                f"{prefix}/sensors/{codes[0]}",
                json.dumps({"ts": probe.isoformat(), "value": 1}),
                qos=1,
            )
            time.sleep(0.5)
        payloads = []
        for m in range(messages):
            moments = clock.take(per_message)
            if per_message == 1:
                payloads.append(
                    (
                        f"{prefix}/sensors/{codes[m % len(codes)]}",
                        json.dumps({"ts": moments[0].isoformat(), "value": 42}),
                    )
                )
            else:
                payloads.append(
                    (
                        f"{prefix}/readings",
                        json.dumps(
                            [
                                {
                                    "sensor": codes[(m + i) % len(codes)],
                                    "ts": moments[i].isoformat(),
                                    "value": 42,
                                }
                                for i in range(per_message)
                            ]
                        ),
                    )
                )
        base = target.readings()
        expected = base + messages * per_message
        started = time.perf_counter()
        # A broker keeps at most `max_queued_messages` (Mosquitto: 1000) for a subscriber that
        # is behind and drops the rest, so the publisher stays at most WINDOW messages ahead
        # of what is stored: this measures the ingestor, not the broker's queue.
        window = 500
        sent = 0
        count = base
        last_check = 0.0
        while sent < len(payloads) and time.perf_counter() - started < 300:
            if sent - (count - base) // per_message < window:
                for topic, payload in payloads[sent : sent + 100]:
                    publisher.publish(topic, payload, qos=1)
                sent = min(len(payloads), sent + 100)
            elif time.perf_counter() - last_check > 0.02:
                count = target.readings()
                last_check = time.perf_counter()
            else:
                time.sleep(0.005)
        published = time.perf_counter() - started
        progress_at, previous = time.perf_counter(), count
        while count < expected and time.perf_counter() - progress_at < 20:
            time.sleep(0.05)
            count = target.readings()
            if count != previous:
                progress_at, previous = time.perf_counter(), count
        # Until the last reading arrived (if some never do, the wait for them is not counted).
        seconds = progress_at - started
        stored = count - base
        return {
            "messages": messages,
            "per_message": per_message,
            "stored": stored,
            "expected": messages * per_message,
            "seconds": round(seconds, 3),
            "publish_seconds": round(published, 3),
            "per_second": round(stored / seconds),
        }
    finally:
        publisher.disconnect()
        publisher.loop_stop()
        ingestor.terminate()
        try:
            ingestor.wait(15)
        except subprocess.TimeoutExpired:
            ingestor.kill()
        forget = mqtt.Client(
            callback_api_version=mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id,
            clean_session=True,
        )
        with contextlib.suppress(OSError):
            forget.connect("127.0.0.1", 1883)
            forget.loop(0.5)
            forget.disconnect()


# ---------------------------------------------------------------------------------------------
# Reading → report → SSE latency


class EventListener:
    def __init__(self, url: str, token: str) -> None:
        self.events: queue.Queue[tuple[float, str, dict[str, Any]]] = queue.Queue()
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(url, token), daemon=True)
        self.thread.start()
        if not self.ready.wait(20):
            raise RuntimeError("the event stream did not open")

    def _run(self, url: str, token: str) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with (
            contextlib.suppress(httpx.HTTPError),
            httpx.Client(timeout=httpx.Timeout(30, read=60)) as client,
            client.stream("GET", f"{url}/api/v1/events", headers=headers) as response,
        ):
            kind = ""
            for line in response.iter_lines():
                if line.startswith(": connected"):
                    self.ready.set()
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind:
                    self.events.put((time.perf_counter(), kind, json.loads(line[6:])))
                if self.stop.is_set():
                    return

    def wait_for(self, kind: str, timeout: float = 10) -> float | None:
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            try:
                at, got, _data = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if got == kind:
                return at


def latency(
    url: str,
    tokens: dict[str, str],
    rules: list[str],
    clock: Clock,
    load_codes: list[str] | None,
    rate: float | None = None,
) -> dict[str, Any]:
    """``rate``: background readings per second from two clients (None: as fast as they go)."""
    listener = EventListener(url, tokens["staff"])
    headers = {"Authorization": f"Bearer {tokens['ingest']}", "Content-Type": "application/json"}
    stop = threading.Event()
    loaded = [0]

    def background() -> None:
        assert load_codes is not None
        pause = 0.0 if rate is None else 2 * 200 / rate  # two clients, 200 readings a request
        with httpx.Client(timeout=60) as session:
            while not stop.is_set():
                began = time.perf_counter()
                payload = bodies(clock, load_codes, 1, 200)[0]
                answer = session.post(f"{url}/api/v1/readings", content=payload, headers=headers)
                if answer.status_code == 200:
                    loaded[0] += answer.json()["stored"]
                stop.wait(max(0.0, pause - (time.perf_counter() - began)))

    workers = [threading.Thread(target=background) for _ in range(2 if load_codes else 0)]
    for worker in workers:
        worker.start()
    time.sleep(1 if workers else 0)
    to_report: list[float] = []
    missed = 0
    started = time.perf_counter()
    with httpx.Client(timeout=30) as session:
        for code in rules:
            while not listener.events.empty():
                listener.events.get_nowait()
            moment = clock.take(1)[0] + dt.timedelta(days=19, hours=23)  # about now
            body = json.dumps([{"sensor": code, "ts": moment.isoformat(), "value": 150}])
            sent = time.perf_counter()
            session.post(f"{url}/api/v1/readings", content=body, headers=headers)
            created = listener.wait_for("report.created")
            if created is None:
                missed += 1
                continue
            to_report.append(created - sent)
    seconds = time.perf_counter() - started
    stop.set()
    for worker in workers:
        worker.join()
    listener.stop.set()
    return {
        "trials": len(rules),
        "missed": missed,
        "report_p50_ms": round(1000 * percentile(to_report, 0.5), 1),
        "report_p99_ms": round(1000 * percentile(to_report, 0.99), 1),
        "report_max_ms": round(1000 * max(to_report), 1) if to_report else None,
        "background_readings_per_second": round(loaded[0] / seconds) if workers else 0,
    }


# ---------------------------------------------------------------------------------------------


def run_db(db: str, quick: bool) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"kendali-bench-telemetry-{db}-"))
    target = Target(db, data_dir)
    result: dict[str, Any] = {"db": db}
    server: Server | None = None
    clock = Clock()
    scale = 0.25 if quick else 1.0
    try:
        tokens = prepare(target)
        baseline_count = int(50_000 * scale)
        methods = ["executemany", "copy"] if db == "postgres" else ["executemany"]
        result["baseline_before"] = [raw_insert(target, clock, baseline_count, m) for m in methods]
        for row in result["baseline_before"]:
            print(f"{db:<9} baseline {row['method']:<12} {row['per_second']:>9} readings/s")

        port = free_port()
        server = Server(
            [str(BIN / "kendali"), "serve", "--host", HOST, "--port", str(port), "--no-worker"],
            target.env,
            data_dir / "server.log",
        )
        server.wait_ready(port)
        url = f"http://{HOST}:{port}"
        load_codes = list(target.sensor_ids("load-"))
        result["http"] = []
        for concurrency in (1, 4):
            payloads = bodies(clock, load_codes, int(60 * scale), BATCH)
            row = http_ingest(url, tokens["ingest"], payloads, concurrency)
            result["http"].append(row)
            print(
                f"{db:<9} http c={concurrency:<8} {row['per_second']:>9} readings/s "
                f"(request p50 {row['request_p50_ms']} ms, p99 {row['request_p99_ms']} ms, "
                f"errors {row['errors']})"
            )

        result["mqtt"] = []
        for messages, per_message in ((int(20_000 * scale), 1), (int(600 * scale), 100)):
            row = mqtt_ingest(target, clock, messages, per_message)
            result["mqtt"].append(row)
            print(
                f"{db:<9} mqtt {per_message:>3}/msg    {row['per_second']:>9} readings/s "
                f"({row['stored']}/{row['expected']} stored in {row['seconds']} s)"
            )

        rules = list(target.sensor_ids("rule-"))
        third = len(rules) // 3
        count = int(third * (0.4 if quick else 1.0))
        result["latency_idle"] = latency(url, tokens, rules[:count], clock, None)
        result["latency_loaded"] = latency(
            url, tokens, rules[third : third + count], clock, load_codes, rate=2000
        )
        result["latency_saturated"] = latency(
            url, tokens, rules[2 * third : 2 * third + count], clock, load_codes, rate=None
        )
        for name in ("latency_idle", "latency_loaded", "latency_saturated"):
            row = result[name]
            print(
                f"{db:<9} {name:<17} reading→report→SSE p50 {row['report_p50_ms']} ms, "
                f"p99 {row['report_p99_ms']} ms (missed {row['missed']}; background "
                f"{row['background_readings_per_second']} readings/s)"
            )
        server.stop()
        server = None
        result["baseline_after"] = [raw_insert(target, clock, baseline_count, m) for m in methods]
        for row in result["baseline_after"]:
            print(f"{db:<9} baseline {row['method']:<12} {row['per_second']:>9} readings/s (after)")
        result["readings_in_table"] = target.readings()
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
        print(f"  FAILED {db}: {result['error']}")
        if server is not None:
            print(server.tail(30))
    finally:
        if server is not None:
            server.stop()
        if db == "postgres":
            with contextlib.suppress(Exception):
                pg_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="both", help="sqlite | postgres | both")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    started = dt.datetime.now(UTC)
    info: dict[str, Any] = {
        "benchmark": "telemetry",
        "date": started.isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": machine_info(),
        "versions": versions(),
        "background_before_start": background_load(),
    }
    if "postgres" in dbs:
        with contextlib.suppress(Exception):
            info["postgres"] = postgres_info()
    print(f"kendali telemetry benchmark, {info['date']}: machine {info['background_before_start']}")
    info["runs"] = [run_db(db, args.quick) for db in dbs]
    info["seconds"] = round((dt.datetime.now(UTC) - started).total_seconds(), 1)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = RESULTS_DIR / f"telemetry-{started:%Y%m%dT%H%M%SZ}.json"
    output.write_text(json.dumps(info, indent=2, default=str) + "\n")
    print(f"\nresults: {output} ({info['seconds']}s)")
    return 1 if any("error" in run for run in info["runs"]) else 0


if __name__ == "__main__":
    sys.exit(main())
