"""A tracker id is the tracker's only secret (OsmAnd sends nothing else): Kendali makes it long
and random, answers alike for known and unknown ids, and limits how fast anyone may try."""

import base64

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from kendali.audit.models import AuditEntry
from kendali.telemetry.models import IngestToken, Vehicle, VehiclePosition


@pytest.fixture
def vehicle(world):
    return Vehicle.objects.create(code="amb-01", name="Ambulans 01", kind="ambulance")


def position(tracker, **extra):
    return {
        "id": tracker,
        "lat": "-6.91",
        "lon": "107.61",
        "timestamp": str(int(timezone.now().timestamp())),
    } | extra


def test_a_new_vehicle_gets_a_long_random_tracker_id(world):
    one = Vehicle.objects.create(code="bus-1", name="Bus 1", kind="bus")
    two = Vehicle.objects.create(code="bus-2", name="Bus 2", kind="bus")
    assert len(one.tracker_id) >= 32 and one.tracker_id != two.tracker_id
    assert "bus" not in one.tracker_id


def test_a_short_tracker_id_does_not_validate(world):
    vehicle = Vehicle(code="bus-1", name="Bus 1", kind="bus", tracker_id="demo-bus-1")
    with pytest.raises(ValidationError) as refused:
        vehicle.full_clean()
    assert "tracker_id" in refused.value.message_dict


def test_a_new_id_is_made_by_command_and_the_old_one_stops_working(vehicle, client, capsys):
    old = vehicle.tracker_id
    call_command("telemetry", "tracker", "new", vehicle.code)
    new = capsys.readouterr().out.strip()
    vehicle.refresh_from_db()
    assert vehicle.tracker_id == new != old and len(new) >= 32
    entry = AuditEntry.objects.get(action="telemetry.vehicle.tracker_id")
    assert new not in str(entry.after) and old not in str(entry.after)  # never the secret
    client.get("/api/v1/gps/osmand", position(old))
    assert not VehiclePosition.objects.exists()
    client.get("/api/v1/gps/osmand", position(new))
    assert VehiclePosition.objects.count() == 1


@pytest.mark.parametrize(
    "extra",
    [
        {},  # a good position
        {"lat": "123"},  # off the globe
        {"lat": "utara"},  # not a number
        {"timestamp": "besok"},  # not a time
    ],
)
def test_known_and_unknown_ids_get_the_same_answer(vehicle, client, extra):
    known = client.get("/api/v1/gps/osmand", position(vehicle.tracker_id, **extra))
    unknown = client.get("/api/v1/gps/osmand", position("x" * 32, **extra))
    inactive = Vehicle.objects.create(code="bus-9", name="Bus 9", kind="bus", is_active=False)
    stopped = client.get("/api/v1/gps/osmand", position(inactive.tracker_id, **extra))
    assert known.status_code == unknown.status_code == stopped.status_code
    assert known.content == unknown.content == stopped.content


def test_owntracks_answers_alike_for_another_agencys_vehicle(world, vehicle, client):
    vehicle.agency = world.agency_a
    vehicle.save()
    _token, own = IngestToken.issue("a", agency=world.agency_a)
    _token, other = IngestToken.issue("b", agency=world.agency_b)
    stamp = int(timezone.now().timestamp())
    message = f'{{"_type": "location", "lat": -6.91, "lon": 107.61, "tst": {stamp}}}'

    def send(secret, device):
        basic = base64.b64encode(f"hp:{secret}".encode()).decode()
        return client.post(
            "/api/v1/gps/owntracks",
            message,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Basic {basic}",
            HTTP_X_LIMIT_D=device,
        )

    answers = [send(other, vehicle.tracker_id), send(own, "y" * 32)]
    assert not VehiclePosition.objects.exists()
    answers.append(send(own, vehicle.tracker_id))
    assert VehiclePosition.objects.count() == 1
    assert {(a.status_code, a.content) for a in answers} == {(200, b"[]")}


def test_each_tracker_id_has_its_own_limit_known_or_not(vehicle, client, settings):
    settings.GPS_TRACKER_RATE = "3/m"
    for tracker in (vehicle.tracker_id, "z" * 32):
        statuses = [
            client.get("/api/v1/gps/osmand", position(tracker, timestamp=str(n))).status_code
            for n in range(
                int(timezone.now().timestamp()) - 10, int(timezone.now().timestamp()) - 5
            )
        ]
        assert statuses == [200, 200, 200, 429, 429], tracker
    assert client.get("/api/v1/gps/osmand", position("w" * 32)).status_code == 200


def test_each_address_has_a_limit_across_ids(vehicle, client, settings):
    settings.GPS_RATE = "4/m"
    statuses = [
        client.get("/api/v1/gps/osmand", position(f"{n:032d}")).status_code for n in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert client.get("/api/v1/gps/osmand", position("a" * 32)).json()["detail"]
    other = client.get("/api/v1/gps/osmand", position("a" * 32), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200
