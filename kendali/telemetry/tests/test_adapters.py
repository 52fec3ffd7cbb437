"""Each adapter parses the real sample payloads under its fixtures/ folder."""

import json
from pathlib import Path
from urllib.parse import parse_qsl

from kendali.telemetry.adapters import osmand, owntracks
from kendali.telemetry.adapters.http import parse_json, parse_ndjson
from kendali.telemetry.adapters.mqtt import parse_message
from kendali.telemetry.ingest import RawReading

ADAPTERS = Path(__file__).resolve().parent.parent / "adapters"


def fixture(kind, name):
    return (ADAPTERS / kind / "fixtures" / name).read_bytes()


def test_http_json_and_ndjson():
    readings = parse_json(fixture("http", "batch.json"))
    assert readings[0] == RawReading("tma-cikapundung-braga", "2026-11-27T16:05:00+07:00", 182.5)
    assert readings[3].ts == "2026-11-27T09:05:00Z"  # "timestamp" is accepted for "ts"
    lines = parse_ndjson(fixture("http", "readings.ndjson"))
    assert [r.sensor for r in lines] == ["lalin-pasteur-kec", "lalin-pasteur-vol", "pju-dipatiukur"]


def test_owntracks_location_and_other_messages():
    position = owntracks.parse(fixture("owntracks", "location.json"), tracker="d-7101")
    assert (position.tracker, position.latitude, position.speed, position.heading) == (
        "d-7101",
        -6.91474,
        24,
        270,
    )
    assert owntracks.parse(fixture("owntracks", "transition.json")) is None
    assert owntracks.parse(b"not json") is None


def test_osmand_query_and_traccar_client_json():
    params = dict(parse_qsl(fixture("osmand", "osmand-query.txt").decode().strip()))
    position = osmand.position_from(params)
    assert position.tracker == "7f3a9c2e51d0b8" and position.ts == 1764230395.0
    assert round(position.speed, 2) == round(12.5 * 1.852, 2)  # knots to km/h
    client = osmand.position_from_json(json.loads(fixture("osmand", "traccar-client.json")))
    assert client.tracker == "7f3a9c2e51d0b8" and client.heading == 271.3
    assert round(client.speed, 2) == round(6.4 * 3.6, 2)  # m/s to km/h


def test_mqtt_topics():
    prefix = "kendali/bandung"
    single = parse_message(
        prefix, f"{prefix}/sensors/tma-braga", fixture("mqtt", "sensor-single.json")
    )
    assert single.readings == [RawReading("tma-braga", "2026-11-27T16:05:00+07:00", 182.5)]
    batch = parse_message(
        prefix, f"{prefix}/sensors/tma-braga", fixture("mqtt", "sensor-batch.json")
    )
    assert len(batch.readings) == 3
    mixed = parse_message(prefix, f"{prefix}/readings", fixture("mqtt", "readings-batch.json"))
    assert [r.sensor for r in mixed.readings] == ["tma-cinambo", "ch-gedebage"]
    vehicle = parse_message(
        prefix, f"{prefix}/vehicles/trk-1", fixture("owntracks", "location.json")
    )
    assert vehicle.positions[0].tracker == "trk-1"
    app = parse_message(prefix, "owntracks/damkar/d-7101", fixture("owntracks", "location.json"))
    assert app.positions[0].tracker == "d-7101"
    for topic, payload in [
        (f"{prefix}/sensors/x", b"{rusak"),
        (f"{prefix}/lain/x", b"{}"),
        ("topik/lain", b"{}"),
        (f"{prefix}/sensors/x", b"[1, 2]"),
    ]:
        parsed = parse_message(prefix, topic, payload)
        assert None in parsed.readings
