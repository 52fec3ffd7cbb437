"""A deployment of separate processes on PostgreSQL with KENDALI_BROKER=postgres: a reading
that `kendali ingest mqtt` stores reaches an operator's live stream on `kendali serve`."""

import subprocess
import threading
from datetime import UTC, datetime

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
from kendali.telemetry.tests.test_killed_mid_stream import (
    KENDALI,
    SENSORS,
    Database,
    free_port,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="LISTEN/NOTIFY needs PostgreSQL"
)


@pytest.fixture
def database(tmp_path):
    db = Database(tmp_path)
    db.env["KENDALI_BROKER"] = "postgres"
    db.env.pop("KENDALI_MQTT_URL", None)
    yield db
    db.drop()


def cli(database, *args):
    return subprocess.run(
        [KENDALI, *args], env=database.env, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_a_reading_from_the_ingest_process_reaches_the_servers_live_stream(database):
    require_broker()
    cli(
        database,
        "user",
        "create",
        "pengamat",
        "--role",
        "operator",
        "--password",
        "x-Uji-9876-panjang!",
    )
    token = cli(database, "token", "create", "pengamat", "--name", "layar")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    prefix, client_id = f"kendali/{unique('lintas')}", unique("ingest-lintas")
    server = subprocess.Popen(
        [KENDALI, "serve", "--port", str(port), "--no-worker"],
        env=database.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    ingestor = subprocess.Popen(
        [KENDALI, "ingest", "mqtt", "--url", BROKER, "--prefix", prefix, "--client-id", client_id],
        env=database.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    lines: list[str] = []
    stop = threading.Event()

    def listen():
        headers = {"Authorization": f"Bearer {token}"}
        timeout = httpx.Timeout(5, read=None)
        while not stop.is_set():
            try:
                with httpx.stream(
                    "GET", f"{url}/api/v1/events", headers=headers, timeout=timeout
                ) as r:
                    for line in r.iter_lines():
                        lines.append(line)
                        if stop.is_set():
                            return
            except httpx.HTTPError:
                stop.wait(0.2)  # the server is still starting

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    publisher = Publisher()
    try:
        assert wait_for(lambda: ": connected" in lines, timeout=30, step=0.1), "no stream"
        code = SENSORS[0]

        def arrived():
            moment = datetime.now(UTC).isoformat()
            publisher.send(f"{prefix}/sensors/{code}", {"ts": moment, "value": 42.5})
            return any(line.startswith("event: sensor.readings") for line in lines)

        # Repeated until the ingestor has subscribed; each reading has its own timestamp.
        assert wait_for(arrived, timeout=30, step=0.5), "no live event from the other process"
        index = next(i for i, line in enumerate(lines) if line == "event: sensor.readings")
        assert code in lines[index + 1] and "42.5" in lines[index + 1]
    finally:
        stop.set()
        publisher.close()
        for process in (ingestor, server):
            process.kill()
            process.wait(10)
        forget_session(client_id)
