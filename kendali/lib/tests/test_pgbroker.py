"""The PostgreSQL LISTEN/NOTIFY broker: events cross processes, big ones arrive whole, and a
lost listening connection resets the streams and comes back."""

import asyncio
import os
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection

from kendali.lib.broker import Event
from kendali.lib.pgbroker import CHUNK, PostgresBroker, Reassembly, encode

ON_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="LISTEN/NOTIFY needs PostgreSQL"
)


def test_an_event_survives_encoding_in_chunks_and_reassembly():
    event = Event("sensor.readings", {"text": "é" * (CHUNK * 2), "n": 1}, (3, 5), (7,))
    notifications = encode(event, "abc-1")
    assert len(notifications) > 2
    assert all(len(note.encode()) < 8000 for note in notifications)
    reassembly = Reassembly()
    # Another event's chunks may arrive in between; malformed payloads are ignored.
    results = [reassembly.add(note) for note in notifications[:-1]]
    results.append(reassembly.add("nonsense"))
    results.append(reassembly.add(encode(Event("x", {}), "abc-2")[0]))
    whole = reassembly.add(notifications[-1])
    assert results[:-1] == [None] * len(results[:-1]) and results[-1] is not None
    assert whole == Event("sensor.readings", event.data, (3, 5), (7,))


def wait_for(predicate, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class Listener:
    """A broker's subscriber on an event loop in its own thread, as a server process has."""

    def __init__(self, broker):
        self.broker = broker
        self.events = []
        self.subscription = None
        self.stopped = False
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        ready = threading.Event()

        async def subscribe():
            self.subscription = broker.subscribe()
            ready.set()
            while not self.stopped:
                event = await self.subscription.get(timeout=0.1)
                if event is not None:
                    self.events.append(event)
            self.subscription.close()

        self.task = asyncio.run_coroutine_threadsafe(subscribe(), self.loop)
        ready.wait(5)
        assert broker.connected.wait(10), "the listener did not connect"

    def close(self):
        self.stopped = True
        self.task.result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()
        self.broker.stop()


@pytest.fixture
def listener(transactional_db):
    made = []

    def make():
        made.append(Listener(PostgresBroker()))
        return made[-1]

    yield make
    for each in made:
        each.close()


@ON_POSTGRES
def test_events_from_another_process_reach_this_processs_subscribers(listener):
    here = listener()
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    code = (
        "import django; django.setup()\n"
        "from kendali.lib.broker import Event, get_broker\n"
        "broker = get_broker()\n"
        "assert type(broker).__name__ == 'PostgresBroker'\n"
        "for n in range(50):\n"
        "    broker.publish(Event('report.changed', {'n': n}, (4,)))\n"
        "broker.publish(Event('sensor.readings', {'blob': 'x' * 30000}))\n"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "kendali.settings",
        "KENDALI_DATABASE_URL": url,
        "KENDALI_BROKER": "postgres",
    }
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert wait_for(lambda: len(here.events) == 51)
    # In the order they were committed, with what they carried, numbered by this process.
    assert [event.data.get("n") for event in here.events[:50]] == list(range(50))
    assert here.events[0].agency_ids == (4,) and here.events[0].id == 1
    assert here.events[50].data["blob"] == "x" * 30000


@ON_POSTGRES
def test_every_server_process_hears_an_event_once(listener):
    first, second = listener(), listener()
    first.broker.publish(Event("report.created", {"ticket": "AB12-CD34"}))
    assert wait_for(lambda: first.events and second.events)
    time.sleep(0.3)
    assert (
        [e.data for e in first.events]
        == [{"ticket": "AB12-CD34"}]
        == [e.data for e in second.events]
    )


@ON_POSTGRES
def test_a_rolled_back_transaction_sends_nothing(listener):
    from django.db import transaction

    here = listener()

    def publish_then_fail():
        with transaction.atomic():
            here.broker.publish(Event("report.created", {"ticket": "GONE"}))
            raise RuntimeError("undone")

    with pytest.raises(RuntimeError):
        publish_then_fail()
    here.broker.publish(Event("report.created", {"ticket": "KEPT"}))
    assert wait_for(lambda: here.events)
    time.sleep(0.3)
    assert [e.data["ticket"] for e in here.events] == ["KEPT"]


@ON_POSTGRES
def test_a_lost_listening_connection_resets_streams_and_comes_back(listener):
    here = listener()
    here.broker.publish(Event("report.created", {"ticket": "ONE"}))
    assert wait_for(lambda: len(here.events) == 1)
    old_pid = here.broker.listener_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    assert wait_for(lambda: here.subscription.overflowed)  # the stream is told to start over
    assert wait_for(lambda: here.broker.connected.is_set() and here.broker.listener_pid != old_pid)
    here.broker.publish(Event("report.created", {"ticket": "TWO"}))
    assert wait_for(lambda: any(e.data.get("ticket") == "TWO" for e in here.events))


def start_up(tmp_path, **env):
    """Exit status and error output of a process that loads Kendali's settings."""
    environment = {k: v for k, v in os.environ.items() if k != "KENDALI_DATABASE_URL"}
    environment |= {"DJANGO_SETTINGS_MODULE": "kendali.settings", "KENDALI_DATA_DIR": str(tmp_path)}
    code = "import django; django.setup()"
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment | env, capture_output=True, text=True
    )
    return done.returncode, done.stderr


def test_the_broker_setting_is_checked_at_start_up(tmp_path):
    status, error = start_up(tmp_path, KENDALI_BROKER="redis")
    assert status != 0 and "KENDALI_BROKER must be local or postgres" in error
    status, error = start_up(tmp_path, KENDALI_BROKER="postgres")  # on SQLite
    assert status != 0 and "needs KENDALI_DATABASE_URL to be PostgreSQL" in error
    assert start_up(tmp_path, KENDALI_BROKER="LOCAL")[0] == 0
