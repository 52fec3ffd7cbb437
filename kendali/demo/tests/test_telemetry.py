"""The demo's telemetry: loaded with the city, history rolled up, and a simulated rain event
that crosses the thresholds and opens a flood report; cameras served by the local snapshot
server, including the broken and frozen ones."""

import httpx
import pytest

from kendali.demo import telemetry as demo
from kendali.demo.load import load_city
from kendali.reports.models import Report
from kendali.telemetry import probes
from kendali.telemetry.ingest import ingest_positions, ingest_readings
from kendali.telemetry.models import Camera, ReadingHour, Sensor, Vehicle


@pytest.fixture
def demo_city(db):
    load_city()
    demo.load_telemetry(lambda _m: None, history_days=1)


def test_the_demo_has_sensors_cameras_vehicles_and_history(demo_city):
    kinds = set(Sensor.objects.values_list("kind", flat=True))
    assert kinds == {
        "water_level",
        "rainfall",
        "pm25",
        "pm10",
        "traffic_speed",
        "traffic_volume",
        "streetlight",
    }
    assert Sensor.objects.filter(code__startswith="tma-cikapundung").count() == 4
    assert Camera.objects.count() >= 30 and Vehicle.objects.count() >= 15
    assert ReadingHour.objects.exists()
    assert Report.objects.count() == 0  # history stays below the report levels
    assert all(s.area_id for s in Sensor.objects.all())


def test_the_rain_event_opens_a_flood_report_within_minutes(demo_city):
    simulator = demo.TelemetrySimulator(seed=1)
    for elapsed in range(0, 200, 5):
        ingest_readings(simulator.readings(float(elapsed)))
    braga = Sensor.objects.get(code="tma-cikapundung-braga")
    assert braga.level >= 2
    floods = Report.objects.filter(category__code="banjir", channel="sensor")
    assert any("Braga" in report.description for report in floods)
    positions = simulator.positions(5.0)
    assert ingest_positions(positions).stored == len(positions)
    assert Vehicle.objects.filter(latitude__isnull=False).count() == len(positions)


def test_demo_trackers_have_random_ids_not_their_codes(demo_city):
    ids = list(Vehicle.objects.values_list("code", "tracker_id"))
    assert len({tracker for _code, tracker in ids}) == len(ids)
    for code, tracker in ids:
        assert len(tracker) >= 32 and code not in tracker and not tracker.startswith("demo-")


def test_the_snapshot_server_serves_pictures_and_broken_cameras(demo_city, settings):
    settings.TELEMETRY_CAMERA_OFFLINE_AFTER = 1
    server = demo.start_snapshot_server(0)
    try:
        camera = Camera.objects.get(code="cctv-01")
        answer = httpx.get(camera.snapshot_url, timeout=5)
        assert answer.status_code == 200 and answer.content[:2] == b"\xff\xd8"
        probes.probe_due_cameras()
        assert Camera.objects.get(code="cctv-01").status == "online"
        assert Camera.objects.get(code="cctv-15").status == "offline"
    finally:
        server.server.shutdown()
        server.server.server_close()
