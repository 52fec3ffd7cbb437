"""Talking to a real MQTT broker in tests: unique topics and client ids per test, so parallel
runs on the same broker never see each other's messages."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import uuid
from typing import Any

import paho.mqtt.client as mqtt
import pytest

BROKER = os.environ.get("KENDALI_TEST_MQTT_URL", "mqtt://127.0.0.1:1883")


def broker_address(url: str = BROKER) -> tuple[str, int]:
    rest = url.split("://", 1)[1]
    host, _, port = rest.partition(":")
    return host, int(port or 1883)


def require_broker(url: str = BROKER) -> None:
    try:
        socket.create_connection(broker_address(url), timeout=2).close()
    except OSError:
        message = f"no MQTT broker at {url} (mosquitto -d -c /etc/mosquitto/mosquitto.conf)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:10]}"


class Publisher:
    """A QoS 1 publisher: `send` returns once the broker has acknowledged the message."""

    def __init__(self, url: str = BROKER) -> None:
        host, port = broker_address(url)
        self.client = mqtt.Client(
            callback_api_version=mqtt.CallbackAPIVersion.VERSION2, client_id=unique("test-pub")
        )
        self.client.connect(host, port)
        self.client.loop_start()

    def send(self, topic: str, payload: Any, timeout: float = 10) -> bool:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        info = self.client.publish(topic, data, qos=1)
        info.wait_for_publish(timeout)
        return info.is_published()

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def forget_session(client_id: str, url: str = BROKER) -> None:
    """Connect once with a clean session so the broker drops what it kept for this id."""
    host, port = broker_address(url)
    client = mqtt.Client(
        callback_api_version=mqtt.CallbackAPIVersion.VERSION2,
        client_id=client_id,
        clean_session=True,
    )
    try:
        client.connect(host, port)
        client.loop_start()
        time.sleep(0.2)
        client.disconnect()
        client.loop_stop()
    except OSError:
        pass


class PrivateBroker:
    """A mosquitto of our own on a free port, for tests that stop and restart the broker."""

    def __init__(self) -> None:
        self.binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> None:
        if not os.path.exists(self.binary):
            pytest.skip("mosquitto is not installed")
        self.process = subprocess.Popen(
            [self.binary, "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("private mosquitto did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


def wait_for(condition: Any, timeout: float = 20, step: float = 0.05) -> bool:
    """Poll until true. An in-memory SQLite test database shared between threads answers
    "table is locked" while another thread writes: that only means "not yet"."""
    from django.db import OperationalError

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:
            pass
        time.sleep(step)
    return bool(condition())
