"""The telemetry API: public sensors and readings (raw and rollups), staff cameras, vehicles
and alerts, GPS trackers (OsmAnd/Traccar, OwnTracks), and the OpenAPI document."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from conftest import bearer
from kendali.telemetry import rollups
from kendali.telemetry.ingest import RawReading, ingest_readings
from kendali.telemetry.models import Alert, Camera, IngestToken, Vehicle, VehiclePosition


def test_sensors_are_public_with_their_latest_value(client, river, rain):
    ingest_readings([RawReading(river.code, timezone.now().isoformat(), 160)])
    listed = client.get("/api/v1/sensors").json()
    by_code = {s["code"]: s for s in listed}
    assert by_code[river.code]["last_value"] == 160
    assert by_code[river.code]["level_name"] == "Siaga 3"
    assert by_code[river.code]["color"] == "orange"
    assert by_code[rain.code]["last_value"] is None
    assert [s["code"] for s in client.get("/api/v1/sensors?kind=rainfall").json()] == [rain.code]
    assert client.get("/api/v1/sensors?kind=gempa").status_code == 400
    detail = client.get(f"/api/v1/sensors/{river.code}").json()
    assert [level["name"] for level in detail["rules"][0]["levels"]][-1] == "Siaga 1"
    assert client.get("/api/v1/sensors/tidak-ada").status_code == 404


def test_readings_raw_and_rolled_up(client, river):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=3)
    items = [
        RawReading(river.code, (start + timedelta(seconds=20 * i)).isoformat(), 50 + i)
        for i in range(360)  # two hours, three readings a minute
    ]
    ingest_readings(items)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert rollups.roll_up() == 360
        assert rollups.roll_up() == 0  # incremental: nothing new
    url = f"/api/v1/sensors/{river.code}/readings"
    raw = client.get(url, {"since": start.isoformat(), "limit": 10}).json()
    # Cut to the limit: the most recent points, oldest first, and said so.
    assert [item["value"] for item in raw["items"]] == list(range(400, 410))
    assert raw["truncated"] is True
    earlier = client.get(url, {"since": start.isoformat(), "until": raw["items"][0]["ts"]})
    assert earlier.json()["items"][-1]["value"] == 400 and not earlier.json()["truncated"]
    minutes = client.get(url, {"since": start.isoformat(), "rollup": "minute"}).json()["items"]
    assert len(minutes) == 120 and minutes[0]["count"] == 3 and minutes[0]["value"] == 51
    hours = client.get(url, {"since": start.isoformat(), "rollup": "hour"}).json()["items"]
    assert [h["count"] for h in hours] == [180, 180]
    assert (hours[0]["min"], hours[1]["max"]) == (50, 409)
    assert client.get(url, {"rollup": "day"}).status_code == 400
    assert client.get(url, {"since": "kemarin"}).status_code == 400
    assert (
        client.get(
            url, {"since": "2026-01-02T00:00:00", "until": "2026-01-01T00:00:00+00:00"}
        ).status_code
        == 400
    )
    naive_until = client.get(url, {"until": "2026-01-01T00:00:00"}).json()
    assert [error["field"] for error in naive_until["errors"]] == ["until"]


def test_a_late_reading_reopens_its_rollup_bucket(river):
    base = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    ingest_readings([RawReading(river.code, base.isoformat(), 10)])
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        rollups.roll_up()
    ingest_readings([RawReading(river.code, (base + timedelta(seconds=30)).isoformat(), 30)])
    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        rollups.roll_up()
    from kendali.telemetry.models import ReadingMinute

    minute = ReadingMinute.objects.get()
    assert (minute.count, minute.mean, minute.maximum) == (2, 20, 30)


def test_retention_keeps_rollups_and_drops_old_raw_rows(river, settings):
    settings.TELEMETRY_RAW_DAYS = 2
    old = timezone.now() - timedelta(days=1, hours=20)
    ingest_readings([RawReading(river.code, old.isoformat(), 10)])
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert rollups.prune()["readings"] == 0  # not rolled up yet: kept
        rollups.roll_up()
        assert rollups.prune()["readings"] == 1
    from kendali.telemetry.models import ReadingHour

    assert ReadingHour.objects.count() == 1


def test_cameras_vehicles_and_alerts_are_staff_only_and_scoped(
    client, world, operator, officer_b, citizen
):
    camera = Camera.objects.create(
        code="cam-a",
        name="Kamera A",
        latitude=-6.92,
        longitude=107.58,
        snapshot_url="http://127.0.0.1:9/a.jpg",
        agency=world.agency_a,
    )
    Alert.objects.create(kind="camera_offline", camera=camera, message="Kamera A mati")
    for path in (
        "/api/v1/cameras",
        "/api/v1/vehicles",
        "/api/v1/telemetry/alerts",
        "/api/v1/staff/map/telemetry",
    ):
        assert citizen.get(path).status_code == 401
    assert [c["code"] for c in client.get("/api/v1/cameras", **bearer(operator)).json()] == [
        "cam-a"
    ]
    assert client.get("/api/v1/cameras", **bearer(officer_b)).json() == []
    alerts = client.get("/api/v1/telemetry/alerts", **bearer(operator)).json()
    assert alerts[0]["message"] == "Kamera A mati"
    assert client.get("/api/v1/telemetry/alerts", **bearer(officer_b)).json() == []
    ack = client.post(f"/api/v1/telemetry/alerts/{alerts[0]['id']}/acknowledge", **bearer(operator))
    assert ack.status_code == 200 and ack.json()["acknowledged_at"]
    refused = client.post(
        f"/api/v1/telemetry/alerts/{alerts[0]['id']}/acknowledge", **bearer(officer_b)
    )
    assert refused.status_code == 404


def test_osmand_and_traccar_trackers(client, world):
    vehicle = Vehicle.objects.create(
        code="bus-tmb-01", name="TMB 01", kind="bus", tracker_id="a8f3c2d19e77"
    )
    now = int(timezone.now().timestamp())
    query = {
        "id": "a8f3c2d19e77",
        "lat": "-6.9147",
        "lon": "107.6098",
        "timestamp": str(now - 5),
        "speed": "10",
        "bearing": "180",
    }
    assert client.get("/api/v1/gps/osmand", query).status_code == 200
    assert client.post("/api/v1/gps/osmand", query).json() == {"received": 1}  # a repeat
    traccar = {
        "device_id": "a8f3c2d19e77",
        "location": {
            "timestamp": timezone.now().isoformat(),
            "coords": {"latitude": -6.915, "longitude": 107.61, "speed": 5, "heading": 90},
        },
    }
    assert (
        client.post("/api/v1/gps/osmand", traccar, content_type="application/json").status_code
        == 200
    )
    vehicle.refresh_from_db()
    assert (vehicle.latitude, vehicle.speed) == (-6.915, 18.0)
    assert VehiclePosition.objects.count() == 2
    # An unknown id answers like a known one (ids cannot be probed); nothing is stored.
    unknown = client.get("/api/v1/gps/osmand", {**query, "id": "tidak-terdaftar"})
    assert (unknown.status_code, unknown.json()) == (200, {"received": 1})
    assert VehiclePosition.objects.count() == 2
    for bad in (
        {**query, "lat": "utara"},
        {**query, "lat": "123"},
        {**query, "timestamp": str(now + 86400)},
        {},
    ):
        response = client.get("/api/v1/gps/osmand", bad)
        assert response.status_code == 400 and response.json()["errors"]


def test_owntracks_http_mode(client, world):
    Vehicle.objects.create(
        code="amb-02", name="Ambulans 02", kind="ambulance", tracker_id="hp-amb02"
    )
    _token, secret = IngestToken.issue("owntracks")
    import base64

    basic = base64.b64encode(f"amb02:{secret}".encode()).decode()
    message = {
        "_type": "location",
        "lat": -6.9,
        "lon": 107.6,
        "tst": int(timezone.now().timestamp()),
        "vel": 40,
        "cog": 10,
        "tid": "A2",
    }
    response = client.post(
        "/api/v1/gps/owntracks",
        message,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {basic}",
        HTTP_X_LIMIT_D="hp-amb02",
    )
    assert response.status_code == 200 and response.json() == []
    assert Vehicle.objects.get(code="amb-02").speed == 40
    refused = client.post("/api/v1/gps/owntracks", message, content_type="application/json")
    assert refused.status_code == 401


def test_the_openapi_document_lists_the_telemetry_paths(client, world):
    spec = client.get("/api/v1/openapi.json").json()
    for path in [
        "/api/v1/sensors",
        "/api/v1/sensors/{code}",
        "/api/v1/sensors/{code}/readings",
        "/api/v1/cameras",
        "/api/v1/vehicles",
        "/api/v1/readings",
        "/api/v1/gps/osmand",
        "/api/v1/reports/{ticket}/dispatch",
    ]:
        assert path in spec["paths"], path
