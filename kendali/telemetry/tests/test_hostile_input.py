"""What devices and strangers may send: numbers too big for a float, JSON nested 100,000 deep,
positions for someone else's vehicle. Each gets a clear 4xx or a counted rejection, never a
500, and never stops the MQTT ingestor."""

import base64
import json

import pytest
from django.utils import timezone

from kendali.telemetry.adapters.mqtt import parse_message
from kendali.telemetry.adapters.mqtt.ingestor import MqttIngestor, _Received
from kendali.telemetry.models import IngestToken, Reading, Vehicle, VehiclePosition
from kendali.telemetry.tests.conftest import token_header

HUGE = int("9" * 400)
DEEP = b"[" * 100_000 + b"]" * 100_000


def post_readings(client, body, secret, content_type="application/json"):
    return client.post(
        "/api/v1/readings", data=body, content_type=content_type, **token_header(secret)
    )


def test_numbers_too_big_for_a_float_are_rejected_one_by_one(citizen, river, device_token):
    now = timezone.now()
    body = json.dumps(
        [
            {"sensor": river.code, "ts": now.isoformat(), "value": HUGE},
            {"sensor": river.code, "ts": HUGE, "value": 10},
            {"sensor": river.code, "ts": -HUGE, "value": 10},
            {"sensor": river.code, "ts": now.isoformat(), "value": 120},
        ]
    )
    response = post_readings(citizen, body, device_token)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["stored"], answer["rejected"]) == (1, 3)
    assert answer["reasons"] == {"bad_value": 1, "bad_timestamp": 2}
    assert Reading.objects.get().value == 120


@pytest.mark.parametrize("content_type", ["application/json", "application/x-ndjson"])
def test_json_nested_too_deep_is_a_400_not_a_500(citizen, river, device_token, content_type):
    response = post_readings(citizen, DEEP, device_token, content_type)
    if content_type == "application/json":
        assert response.status_code == 400 and response.json()["detail"]
    else:  # NDJSON: the line is one rejected reading
        assert response.status_code == 200 and response.json()["reasons"] == {"malformed": 1}


def test_the_reports_api_answers_deep_json_with_a_400(citizen):
    response = citizen.post("/api/v1/reports", data=DEEP, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]


@pytest.fixture
def tracked(world):
    return Vehicle.objects.create(
        code="d-7101-damkar",
        name="Damkar 1",
        kind="fire_truck",
        agency=world.agency_a,
        tracker_id="9f2c41d07be35a81",
    )


def test_osmand_answers_hostile_bodies_with_a_400(client, tracked):
    for body in (DEEP, b'{"device_id": "9f2c41d07be35a81", "location": []}'):
        response = client.post("/api/v1/gps/osmand", body, content_type="application/json")
        assert response.status_code == 400 and response.json()["errors"]
    traccar = {
        "device_id": tracked.tracker_id,
        "location": {
            "timestamp": timezone.now().isoformat(),
            "coords": {"latitude": -6.91, "longitude": 107.61, "speed": HUGE, "heading": HUGE},
        },
    }
    response = client.post(
        "/api/v1/gps/osmand", json.dumps(traccar), content_type="application/json"
    )
    assert response.status_code == 200  # the position is good; the absurd extras are dropped
    assert VehiclePosition.objects.get().speed is None


def test_a_vehicles_code_is_not_its_tracker_id(client, tracked):
    query = {"id": tracked.code, "lat": "-6.91", "lon": "107.61", "timestamp": "now"}
    query["timestamp"] = str(int(timezone.now().timestamp()))
    response = client.get("/api/v1/gps/osmand", query)
    assert response.status_code == 200  # answered like any id, and nothing stored
    assert not VehiclePosition.objects.exists()
    query["id"] = tracked.tracker_id
    assert client.get("/api/v1/gps/osmand", query).status_code == 200


def test_an_agency_token_moves_only_its_agencys_vehicles(client, world, tracked):
    _token, other_agency = IngestToken.issue("owntracks b", agency=world.agency_b)
    _token, own_agency = IngestToken.issue("owntracks a", agency=world.agency_a)
    message = {
        "_type": "location",
        "lat": -6.91,
        "lon": 107.61,
        "tst": int(timezone.now().timestamp()),
        "vel": HUGE,
    }

    def send(secret, body=None):
        basic = base64.b64encode(f"hp:{secret}".encode()).decode()
        return client.post(
            "/api/v1/gps/owntracks",
            json.dumps(message) if body is None else body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Basic {basic}",
            HTTP_X_LIMIT_D=tracked.tracker_id,
        )

    # vel too big: refused before the vehicle is looked up, so alike for every token.
    assert send(other_agency).status_code == 400
    message["vel"] = 40
    assert send(other_agency).json() == []  # answered like a vehicle it may move...
    assert not VehiclePosition.objects.exists()  # ...and nothing stored
    message["vel"] = HUGE
    assert send(own_agency, DEEP).status_code == 200  # not a location: nothing to store
    assert send(own_agency).status_code == 400  # vel too big: refused with a reason
    message["vel"] = 40
    assert send(own_agency).status_code == 200
    assert VehiclePosition.objects.get().speed == 40


def test_an_unreadable_mqtt_message_is_one_rejected_item():
    parsed = parse_message("kendali/uji", "kendali/uji/readings", DEEP)
    assert parsed.readings == [None] and parsed.positions == []
    parsed = parse_message("kendali/uji", "kendali/uji/sensors/x", b'{"ts": 1, "value": 1e999}')
    assert len(parsed.readings) == 1


class FakeClient:
    def __init__(self):
        self.acked = []

    def ack(self, mid, qos):
        self.acked.append(mid)


@pytest.mark.django_db(transaction=True)
def test_a_message_that_trips_the_code_is_dropped_and_the_rest_of_its_batch_stored(
    world, river, monkeypatch
):
    from kendali.telemetry.adapters.mqtt import ingestor as module

    real = module.ingest_readings

    def picky(readings, **kwargs):
        if any(r is not None and r.value == 13 for r in readings):
            raise KeyError("a bug that one message triggers")
        return real(readings, **kwargs)

    monkeypatch.setattr(module, "ingest_readings", picky)
    ingestor = MqttIngestor("mqtt://127.0.0.1:1", "kendali/uji", "uji", owntracks_topic=None)
    ingestor.client = FakeClient()
    now = timezone.now()
    for mid, value in enumerate([10, 13, 12], start=1):
        payload = json.dumps({"ts": (now.replace(microsecond=mid)).isoformat(), "value": value})
        ingestor.inbox.put(
            _Received(
                f"kendali/uji/sensors/{river.code}",
                payload.encode(),
                mid,
                1,
                ingestor.generation,
            )
        )
    assert ingestor.process_batch() == 3
    assert sorted(Reading.objects.values_list("value", flat=True)) == [10, 12]
    assert sorted(ingestor.client.acked) == [1, 2, 3]  # the bad one too: never sent again
    assert ingestor.totals["rejected"] == 1


@pytest.mark.parametrize("body", [{}, {"readings": "abc"}, [{"ts": 1, "value": 2}]])
def test_something_that_is_not_a_reading_is_malformed(citizen, river, device_token, body):
    answer = post_readings(citizen, json.dumps(body), device_token).json()
    assert answer["reasons"] == {"malformed": 1}
