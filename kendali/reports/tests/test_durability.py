"""Acknowledged reports survive the server being killed: every 201 the client received is in
the database after a SIGKILL in the middle of a stream of reports (embedded SQLite setup)."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from django.db import connection

KENDALI = str(Path(sys.executable).parent / "kendali")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded SQLite setup")
def test_every_acknowledged_report_survives_a_kill(tmp_path):
    env = os.environ | {
        "KENDALI_DATA_DIR": str(tmp_path),
        "KENDALI_SQLITE_SYNCHRONOUS": "FULL",
        "KENDALI_REPORT_RATE": "",
        "KENDALI_LOG_LEVEL": "WARNING",
    }
    env.pop("KENDALI_DATABASE_URL", None)
    subprocess.run(
        [KENDALI, "demo", "--load-only", "--reports", "0"], env=env, check=True, capture_output=True
    )
    port = free_port()
    server = subprocess.Popen(
        [KENDALI, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)

    acknowledged: list[str] = []
    body = json.dumps(
        {
            "category": "jalan-rusak",
            "description": "Jalan berlubang di depan pasar, mohon segera diperbaiki.",
            "latitude": -6.9147,
            "longitude": 107.6098,
        }
    )

    def file_reports() -> None:
        with httpx.Client(timeout=5) as client:
            while True:
                try:
                    response = client.post(
                        f"{url}/api/v1/reports",
                        content=body,
                        headers={"Content-Type": "application/json"},
                    )
                except httpx.HTTPError:
                    return  # the server is gone
                if response.status_code == 201:
                    acknowledged.append(response.json()["ticket"])

    writers = [threading.Thread(target=file_reports) for _ in range(4)]
    for writer in writers:
        writer.start()
    while len(acknowledged) < 40:
        time.sleep(0.01)
    server.send_signal(signal.SIGKILL)
    server.wait(10)
    for writer in writers:
        writer.join(10)

    with sqlite3.connect(tmp_path / "kendali.sqlite3") as database:
        stored = {row[0] for row in database.execute("SELECT ticket FROM reports_report")}
        audited = database.execute(
            "SELECT count(*) FROM audit_auditentry WHERE action = 'report.create'"
        ).fetchone()[0]
    assert set(acknowledged) <= stored
    # Nothing half-stored: each stored report has its audit row (written in the same transaction).
    assert audited == len(stored)
