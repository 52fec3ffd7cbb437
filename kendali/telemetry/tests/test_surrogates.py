"""A lone UTF-16 surrogate ("\\ud800", which JSON may spell and UTF-8 cannot) in a sensor code
or a tracker id is a 4xx or a rejected item, never a 500, on both databases."""

import json

import pytest
from django.utils import timezone

from kendali.telemetry.ingest import RawPosition, RawReading, ingest_positions, ingest_readings
from kendali.telemetry.models import Reading, Vehicle, VehiclePosition
from kendali.telemetry.tests.conftest import token_header

LONE = '"\\ud800"'  # as JSON spells it


def post(client, body, **extra):
    return client.post("/api/v1/readings", data=body, content_type="application/json", **extra)


def test_a_sensor_code_with_a_lone_surrogate_in_json_is_a_400(citizen, river, device_token):
    now = timezone.now().isoformat()
    body = f'[{{"sensor": {LONE}, "ts": "{now}", "value": 1}}]'
    response = post(citizen, body, **token_header(device_token))
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Reading.objects.exists()


def test_a_lone_surrogate_in_an_ndjson_line_rejects_that_line_only(citizen, river, device_token):
    now = timezone.now().isoformat()
    lines = [
        f'{{"sensor": {LONE}, "ts": "{now}", "value": 1}}',
        json.dumps({"sensor": river.code, "ts": now, "value": 120}),
    ]
    response = citizen.post(
        "/api/v1/readings",
        data="\n".join(lines),
        content_type="application/x-ndjson",
        **token_header(device_token),
    )
    assert response.status_code == 200, response.content
    assert response.json()["reasons"] == {"malformed": 1}
    assert Reading.objects.get().value == 120


def test_a_surrogate_code_reaching_ingest_is_an_unknown_sensor(river):
    # MQTT and other adapters hand items straight to ingest: the guard is there too.
    now = timezone.now().isoformat()
    result = ingest_readings([RawReading("\ud800", now, 1), RawReading(river.code, now, 120)])
    assert (result.stored, result.reasons) == (1, {"unknown_sensor": 1})


@pytest.mark.parametrize(
    "path", ["/api/v1/sensors/%ED%A0%80", "/api/v1/sensors/%ED%A0%80/readings"]
)
def test_a_sensor_path_with_broken_unicode_is_a_404(citizen, river, path):
    assert citizen.get(path).status_code == 404


def test_public_sensor_refuses_a_surrogate_code_without_asking_the_database(river):
    from kendali.lib.errors import NotFound
    from kendali.telemetry.access import public_sensor

    with pytest.raises(NotFound):
        public_sensor("\ud800")


@pytest.fixture
def tracked(world):
    return Vehicle.objects.create(
        code="d-7101-damkar", name="Damkar 1", kind="fire_truck", tracker_id="9f2c41d07be35a81"
    )


def test_an_osmand_device_id_with_a_lone_surrogate_is_a_400(client, tracked):
    body = (
        f'{{"device_id": {LONE}, "location": {{"timestamp": "{timezone.now().isoformat()}", '
        '"coords": {"latitude": -6.91, "longitude": 107.61}}}'
    )
    response = client.post("/api/v1/gps/osmand", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"]
    assert not VehiclePosition.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_osmand_id_with_broken_unicode_in_the_url_or_form_stores_nothing(
    client, tracked, method
):
    # Decoded with replacement characters, it is an id like any unknown one: the same answer
    # as a known id (ids cannot be probed), and nothing stored.
    stamp = str(int(timezone.now().timestamp()))
    query = "id=%ED%A0%80&lat=-6.91&lon=107.61&timestamp=" + stamp
    if method == "get":
        response = client.get("/api/v1/gps/osmand?" + query)
    else:
        response = client.post(
            "/api/v1/gps/osmand", query, content_type="application/x-www-form-urlencoded"
        )
    assert (response.status_code, response.json()) == (200, {"received": 1})
    assert not VehiclePosition.objects.exists()


def test_a_surrogate_tracker_reaching_ingest_is_an_unknown_vehicle(tracked):
    now = timezone.now().isoformat()
    result = ingest_positions([RawPosition("\ud800", now, -6.91, 107.61)])
    assert result.reasons == {"unknown_vehicle": 1}
