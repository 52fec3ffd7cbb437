"""Ingest through a real Mosquitto: single readings, batches, OwnTracks positions and bad
messages, acknowledged only after they are stored; and riding out a broker restart."""

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from kendali.telemetry.adapters.mqtt.ingestor import MqttIngestor
from kendali.telemetry.models import Reading, Vehicle, VehiclePosition
from kendali.telemetry.tests.mqtt_helpers import (
    BROKER,
    PrivateBroker,
    Publisher,
    forget_session,
    require_broker,
    unique,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)


def start_ingestor(url, prefix, client_id):
    ingestor = MqttIngestor(url, prefix, client_id, owntracks_topic=None, flush_seconds=0.05)
    thread = threading.Thread(target=ingestor.run_forever, daemon=True)
    thread.start()
    assert ingestor.connected.wait(10), "the ingestor did not connect"
    return ingestor, thread


def stop(ingestor, thread):
    ingestor.stopped.set()
    thread.join(10)
    forget_session(ingestor.client_id, f"mqtt://{ingestor.broker.host}:{ingestor.broker.port}")


def iso(seconds_ago):
    return (timezone.now() - timedelta(seconds=seconds_ago)).isoformat()


def test_readings_and_positions_arrive_through_mosquitto(world, river, rain):
    require_broker()
    prefix = f"kendali/{unique('uji')}"
    ingestor, thread = start_ingestor(BROKER, prefix, unique("ingest"))
    Vehicle.objects.create(
        code="d-1234-abc", name="Damkar 1", kind="fire_truck", tracker_id="trk-damkar-1"
    )
    publisher = Publisher()
    first = {"ts": iso(30), "value": 88}
    try:
        assert publisher.send(f"{prefix}/sensors/{river.code}", first)
        assert publisher.send(
            f"{prefix}/sensors/{river.code}",
            [{"ts": iso(20), "value": 89}, {"ts": iso(10), "value": 90}],
        )
        assert publisher.send(
            f"{prefix}/readings",
            [
                {"sensor": rain.code, "ts": iso(5), "value": 4.5},
                {"sensor": "tidak-ada", "ts": iso(5), "value": 1},
            ],
        )
        owntracks = {
            "_type": "location",
            "lat": -6.92,
            "lon": 107.58,
            "tst": int(timezone.now().timestamp()) - 3,
            "vel": 32,
            "cog": 90,
            "tid": "D1",
        }
        assert publisher.send(f"{prefix}/vehicles/trk-damkar-1", owntracks)
        assert publisher.send(f"{prefix}/sensors/{river.code}", b"{bukan json")
        assert publisher.send(f"{prefix}/sensors/{river.code}", {"ts": iso(1), "value": 1e9})
        assert wait_for(lambda: Reading.objects.count() == 4 and VehiclePosition.objects.exists())
        assert wait_for(lambda: ingestor.totals["rejected"] == 3)
        vehicle = Vehicle.objects.get(code="d-1234-abc")
        assert (vehicle.latitude, vehicle.longitude, vehicle.speed) == (-6.92, 107.58, 32)
        # A message sent again (as a broker does after a reconnect) is ignored.
        assert publisher.send(f"{prefix}/sensors/{river.code}", first)
        assert publisher.send(f"{prefix}/sensors/{river.code}", {"ts": iso(0), "value": 91})
        assert wait_for(lambda: Reading.objects.count() == 5)
    finally:
        publisher.close()
        stop(ingestor, thread)


def test_the_ingestor_rides_out_a_broker_restart(world, river):
    broker = PrivateBroker()
    broker.start()
    prefix = f"kendali/{unique('uji')}"
    ingestor, thread = start_ingestor(broker.url, prefix, unique("ingest"))
    try:
        publisher = Publisher(broker.url)
        assert publisher.send(f"{prefix}/sensors/{river.code}", {"ts": iso(60), "value": 70})
        assert wait_for(lambda: Reading.objects.count() == 1)
        publisher.close()
        broker.stop()
        assert wait_for(lambda: not ingestor.connected.is_set(), timeout=10)
        broker.start()
        assert ingestor.connected.wait(30), "the ingestor did not reconnect"
        publisher = Publisher(broker.url)
        assert publisher.send(f"{prefix}/sensors/{river.code}", {"ts": iso(1), "value": 71})
        assert wait_for(lambda: Reading.objects.count() == 2)
        publisher.close()
    finally:
        ingestor.stopped.set()
        thread.join(10)
        broker.stop()
