"""The console's live map follows the access rule: the command center sees every sensor;
agency staff see their own agency's sensors (the ones whose live events they hear and whose
pages they may open)."""

from conftest import bearer


def codes(answer, layer):
    return sorted(f["properties"]["code"] for f in answer.json()[layer]["features"])


def test_the_command_center_map_shows_every_sensor(client, river, rain, operator):
    answer = client.get("/api/v1/staff/map/telemetry", **bearer(operator))
    assert codes(answer, "sensors") == ["ch-timur", "tma-cikapundung-1"]


def test_an_officer_map_shows_their_agency_sensors_only(client, river, rain, officer_a, officer_b):
    assert codes(client.get("/api/v1/staff/map/telemetry", **bearer(officer_a)), "sensors") == [
        "tma-cikapundung-1"
    ]
    assert codes(client.get("/api/v1/staff/map/telemetry", **bearer(officer_b)), "sensors") == [
        "ch-timur"
    ]
    client.force_login(officer_a)
    assert client.get(f"/console/telemetri/sensor/{river.code}/").status_code == 200
    assert client.get(f"/console/telemetri/sensor/{rain.code}/").status_code == 404
    overview = client.get("/console/telemetri/").content.decode()
    assert river.name in overview and rain.name not in overview


def test_the_map_sensor_carries_its_latest_reading(client, river, operator):
    from django.utils import timezone

    from kendali.telemetry.ingest import RawReading, ingest_readings

    ingest_readings([RawReading(river.code, timezone.now().isoformat(), 160)])
    answer = client.get("/api/v1/staff/map/telemetry", **bearer(operator)).json()
    sensor = answer["sensors"]["features"][0]["properties"]
    assert sensor["last_value"] == 160 and sensor["level_name"] == "Siaga 3"
    assert isinstance(sensor["last_reading_at"], str)
