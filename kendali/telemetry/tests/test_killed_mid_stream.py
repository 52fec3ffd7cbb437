"""The ingestor killed mid-stream: every acknowledged reading is stored exactly once.

MQTT: readings are published with QoS 1 (acknowledged by the broker); the ingestor, a real
`kendali ingest mqtt` process, is SIGKILLed while they stream in, then started again with the
same client id. HTTP: `kendali serve` is SIGKILLed while batches stream in; the client sends
the batches that got no answer again once the server is back. Both on the suite's database
engine, in a database of their own.
"""

import contextlib
import csv
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from django.db import connection

from kendali.telemetry.tests.mqtt_helpers import (
    BROKER,
    Publisher,
    forget_session,
    require_broker,
    unique,
    wait_for,
)

KENDALI = str(Path(sys.executable).parent / "kendali")
SENSORS = [f"tma-uji-{n}" for n in range(5)]


class Database:
    """A fresh database for the subprocesses: an SQLite file, or a PostgreSQL database."""

    def __init__(self, tmp_path):
        self.env = os.environ | {
            "KENDALI_DATA_DIR": str(tmp_path),
            "KENDALI_LOG_LEVEL": "WARNING",
            "KENDALI_SQLITE_SYNCHRONOUS": "FULL",
            "KENDALI_EMBEDDED_WORKER": "false",
        }
        self.env.pop("KENDALI_DATABASE_URL", None)
        self.postgres = connection.vendor == "postgresql"
        self.path = tmp_path / "kendali.sqlite3"
        if self.postgres:
            import psycopg

            params = connection.settings_dict
            self.name = f"kendali_kill_{uuid.uuid4().hex[:8]}"
            host = params["HOST"] or "127.0.0.1"
            self.base = f"postgres://{params['USER'] or 'postgres'}@{host}:{params['PORT'] or 5432}"
            with psycopg.connect(f"{self.base}/postgres", autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {self.name}")
            self.env["KENDALI_DATABASE_URL"] = f"{self.base}/{self.name}"
        subprocess.run([KENDALI, "migrate"], env=self.env, check=True, capture_output=True)
        sheet = tmp_path / "sensors.csv"
        with sheet.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["code", "name", "kind", "latitude", "longitude"])
            for code in SENSORS:
                writer.writerow([code, code.upper(), "water_level", -6.92, 107.6])
        subprocess.run(
            [KENDALI, "telemetry", "import", "sensors", str(sheet), "--quiet"],
            env=self.env,
            check=True,
            capture_output=True,
        )

    def stored(self):
        query = (
            "SELECT s.code, r.ts FROM telemetry_reading r "
            "JOIN telemetry_sensor s ON s.id = r.sensor_id"
        )
        if self.postgres:
            import psycopg

            with psycopg.connect(self.env["KENDALI_DATABASE_URL"]) as conn:
                rows = conn.execute(query).fetchall()
            return [(code, ts.astimezone(UTC)) for code, ts in rows]
        with contextlib.closing(sqlite3.connect(self.path, timeout=20)) as lite:
            rows = lite.execute(query).fetchall()
        return [(code, datetime.fromisoformat(ts).replace(tzinfo=UTC)) for code, ts in rows]

    def count(self):
        return len(self.stored())

    def drop(self):
        if self.postgres:
            import psycopg

            with psycopg.connect(f"{self.base}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


@pytest.fixture
def database(tmp_path):
    db = Database(tmp_path)
    yield db
    db.drop()


def moments(count):
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    return [(SENSORS[i % len(SENSORS)], start + timedelta(seconds=i)) for i in range(count)]


def test_every_acknowledged_mqtt_reading_is_stored_exactly_once(database):
    require_broker()
    prefix, client_id = f"kendali/{unique('kill')}", unique("ingest-kill")

    def start():
        return subprocess.Popen(
            [
                KENDALI,
                "ingest",
                "mqtt",
                "--url",
                BROKER,
                "--prefix",
                prefix,
                "--client-id",
                client_id,
                "--owntracks-topic",
                "",
                "--batch-size",
                "50",
            ],
            env=database.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    ingestor = start()
    publisher = Publisher()
    try:
        # The subscription exists once a first reading comes through.
        probe = (SENSORS[0], datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2))
        assert wait_for(
            lambda: (
                publisher.send(
                    f"{prefix}/sensors/{probe[0]}", {"ts": probe[1].isoformat(), "value": 1}
                )
                and database.count() == 1
            ),
            timeout=30,
            step=0.5,
        ), "the ingestor did not start"
        acknowledged = [probe]
        readings = moments(600)

        def stream():
            for code, ts in readings:
                if publisher.send(f"{prefix}/sensors/{code}", {"ts": ts.isoformat(), "value": 50}):
                    acknowledged.append((code, ts))
                time.sleep(0.002)

        sender = threading.Thread(target=stream)
        sender.start()
        assert wait_for(lambda: database.count() >= 120, timeout=30, step=0.01)
        ingestor.send_signal(signal.SIGKILL)  # mid-stream
        ingestor.wait(10)
        killed_at = database.count()
        sender.join(60)
        assert killed_at < len(acknowledged), "the kill came too late to mean anything"
        ingestor = start()
        assert wait_for(lambda: database.count() >= len(acknowledged), timeout=60, step=0.2)
        time.sleep(0.5)  # anything sent twice would show up now
        stored = database.stored()
        assert len(stored) == len(set(stored)) == len(acknowledged)
        assert set(stored) == set(acknowledged)
    finally:
        publisher.close()
        ingestor.kill()
        ingestor.wait(10)
        forget_session(client_id)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_every_acknowledged_http_batch_is_stored_exactly_once(database):
    token = subprocess.run(
        [KENDALI, "telemetry", "token", "create", "uji"],
        env=database.env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def start():
        server = subprocess.Popen(
            [KENDALI, "serve", "--port", str(port), "--no-worker"],
            env=database.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def up():
            try:
                return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        assert wait_for(up, timeout=30, step=0.1), "the server did not start"
        return server

    readings = moments(3000)
    batches = [readings[i : i + 50] for i in range(0, len(readings), 50)]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    acknowledged: set[int] = set()
    lock = threading.Lock()

    def send(numbers):
        with httpx.Client(timeout=10) as client:
            for number in numbers:
                body = json.dumps(
                    [
                        {"sensor": code, "ts": ts.isoformat(), "value": 40}
                        for code, ts in batches[number]
                    ]
                )
                try:
                    response = client.post(f"{url}/api/v1/readings", content=body, headers=headers)
                except httpx.HTTPError:
                    return
                if response.status_code == 200:
                    with lock:
                        acknowledged.add(number)

    server = start()
    try:
        senders = [
            threading.Thread(target=send, args=(range(k, len(batches), 3),)) for k in range(3)
        ]
        for sender in senders:
            sender.start()
        assert wait_for(lambda: len(acknowledged) >= 10, timeout=30, step=0.01)
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        for sender in senders:
            sender.join(30)
        before = set(database.stored())
        for number in acknowledged:
            assert all(reading in before for reading in batches[number])
        server = start()
        send([n for n in range(len(batches)) if n not in acknowledged])
        stored = database.stored()
        assert len(acknowledged) == len(batches)
        assert len(stored) == len(set(stored)) == len(readings)
    finally:
        server.kill()
        server.wait(10)
