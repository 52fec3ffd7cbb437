"""Fleet: nearest available vehicles of the right kind (straight line, behind a router
interface), vehicle status set by the right people, dispatch recorded on the report's timeline."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import INSIDE_WEST, bearer
from kendali.audit.models import AuditEntry
from kendali.reports.models import Update
from kendali.telemetry import fleet
from kendali.telemetry.fleet import Leg
from kendali.telemetry.models import Dispatch, Vehicle


def place(code, kind, lat, lon, agency=None, status="available", minutes_ago=1):
    vehicle = Vehicle.objects.create(
        code=code, name=code.upper(), kind=kind, agency=agency, status=status
    )
    seen = timezone.now() - timedelta(minutes=minutes_ago)
    Vehicle.objects.filter(pk=vehicle.pk).update(latitude=lat, longitude=lon, last_position_at=seen)
    vehicle.refresh_from_db()
    return vehicle


@pytest.fixture
def fleet_world(world):
    lat, lon = INSIDE_WEST
    return {
        "far": place("damkar-far", "fire_truck", lat + 0.05, lon, world.agency_a),
        "near": place("damkar-near", "fire_truck", lat + 0.005, lon, world.agency_a),
        "middle": place("damkar-mid", "fire_truck", lat, lon + 0.02, world.agency_a),
        "busy": place("damkar-busy", "fire_truck", lat, lon + 0.001, world.agency_a, "on_duty"),
        "ambulance": place("amb-1", "ambulance", lat, lon + 0.0005, world.agency_b),
        "unknown": Vehicle.objects.create(code="damkar-nogps", name="X", kind="fire_truck"),
    }


def test_nearest_available_vehicles_come_first(fleet_world):
    lat, lon = INSIDE_WEST
    found = fleet.nearest_vehicles(Vehicle.objects.all(), lat, lon, kinds=["fire_truck"])
    assert [item.vehicle.code for item in found] == ["damkar-near", "damkar-mid", "damkar-far"]
    assert 500 < found[0].metres < 600
    anything = fleet.nearest_vehicles(Vehicle.objects.all(), lat, lon, limit=2)
    assert [item.vehicle.code for item in anything] == ["amb-1", "damkar-near"]


def test_a_router_can_replace_straight_lines(fleet_world):
    class ByCode:
        def legs(self, origin, points):
            return [Leg(1000.0, seconds=float(i)) for i in range(len(points))][::-1]

    lat, lon = INSIDE_WEST
    found = fleet.nearest_vehicles(
        Vehicle.objects.all(), lat, lon, kinds=["fire_truck"], router=ByCode()
    )
    assert [item.seconds for item in found] == [0.0, 1.0, 2.0]


def test_the_api_orders_by_distance_for_the_category(
    client, fleet_world, make_report, operator, world
):
    from kendali.reports.models import Category

    Category.objects.create(
        code="kebakaran", name_ind="Kebakaran", name_en="Fire", default_agency=world.agency_a
    )
    report = make_report(category="kebakaran")
    response = client.get(f"/api/v1/reports/{report.ticket}/nearest-vehicles", **bearer(operator))
    assert response.status_code == 200
    codes = [item["vehicle"]["code"] for item in response.json()]
    assert codes == ["damkar-near", "damkar-mid", "damkar-far"]


def test_dispatch_puts_the_vehicle_on_duty_and_writes_the_timeline(
    client, fleet_world, disposed_report, operator
):
    response = client.post(
        f"/api/v1/reports/{disposed_report.ticket}/dispatch",
        {"vehicle": "damkar-near", "note": "Bawa pompa."},
        content_type="application/json",
        **bearer(operator),
    )
    assert response.status_code == 200, response.content
    assert response.json()["vehicle"]["status"] == "on_duty"
    assert 500 < response.json()["distance_m"] < 600
    note = Update.objects.filter(report=disposed_report, kind="note").last()
    assert "DAMKAR-NEAR" in note.body and "Bawa pompa." in note.body and not note.is_public
    assert Dispatch.objects.get().dispatched_by == operator
    assert AuditEntry.objects.filter(action="telemetry.vehicle.dispatch").exists()
    again = client.post(
        f"/api/v1/reports/{disposed_report.ticket}/dispatch",
        {"vehicle": "damkar-near"},
        content_type="application/json",
        **bearer(operator),
    )
    assert again.status_code == 409


def test_dispatch_refusals(client, fleet_world, disposed_report, officer_b, executive):
    body = json.dumps({"vehicle": "damkar-near"})
    url = f"/api/v1/reports/{disposed_report.ticket}/dispatch"
    # Another agency's officer cannot see the report at all.
    assert (
        client.post(url, body, content_type="application/json", **bearer(officer_b)).status_code
        == 404
    )
    # Read-only roles may look but not send.
    assert (
        client.post(url, body, content_type="application/json", **bearer(executive)).status_code
        == 403
    )
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert Vehicle.objects.get(code="damkar-near").status == "available"


def test_vehicle_status_by_its_agency_only(client, fleet_world, officer_a, officer_b, operator):
    url = "/api/v1/vehicles/damkar-near/status"
    answer = client.post(
        url, {"status": "out_of_service"}, content_type="application/json", **bearer(officer_a)
    )
    assert answer.status_code == 200 and answer.json()["status"] == "out_of_service"
    refused = client.post(
        url, {"status": "available"}, content_type="application/json", **bearer(officer_b)
    )
    assert refused.status_code == 404
    bad = client.post(
        url, {"status": "terbang"}, content_type="application/json", **bearer(operator)
    )
    assert bad.status_code == 400
    codes = {v["code"] for v in client.get("/api/v1/vehicles", **bearer(officer_b)).json()}
    assert codes == {"amb-1"}


def test_the_report_page_panel_lists_nearest_vehicles(
    client, fleet_world, disposed_report, operator
):
    client.force_login(operator)
    page = client.get(f"/console/telemetri/laporan/{disposed_report.ticket}/armada/")
    assert page.status_code == 200
    assert page.content.index(b"damkar-near") < page.content.index(b"damkar-far")
    sent = client.post(
        f"/console/telemetri/laporan/{disposed_report.ticket}/kirim/", {"vehicle": "damkar-mid"}
    )
    assert sent.status_code == 302
    assert Vehicle.objects.get(code="damkar-mid").status == "on_duty"


def test_vehicles_whose_position_is_old_are_left_out(fleet_world, settings):
    settings.TELEMETRY_VEHICLE_POSITION_MAX_MINUTES = 30
    lat, lon = INSIDE_WEST
    place("damkar-lama", "fire_truck", lat + 0.0001, lon, minutes_ago=45)
    Vehicle.objects.create(code="damkar-nodate", name="Y", kind="fire_truck")
    Vehicle.objects.filter(code="damkar-nodate").update(latitude=lat, longitude=lon)
    found = fleet.nearest_vehicles(Vehicle.objects.all(), lat, lon, kinds=["fire_truck"])
    assert [item.vehicle.code for item in found] == ["damkar-near", "damkar-mid", "damkar-far"]
    assert 50 < found[0].age_seconds < 70
    settings.TELEMETRY_VEHICLE_POSITION_MAX_MINUTES = 60
    found = fleet.nearest_vehicles(Vehicle.objects.all(), lat, lon, kinds=["fire_truck"])
    assert found[0].vehicle.code == "damkar-lama"


def test_the_api_and_the_panel_show_the_age_of_each_position(
    client, fleet_world, disposed_report, operator
):
    lat, lon = INSIDE_WEST
    place("damkar-lama", "fire_truck", lat + 0.0001, lon, minutes_ago=45)
    response = client.get(
        f"/api/v1/reports/{disposed_report.ticket}/nearest-vehicles?kind=fire_truck",
        **bearer(operator),
    )
    items = response.json()
    codes = [item["vehicle"]["code"] for item in items]
    assert codes[0] == "damkar-near" and "damkar-lama" not in codes
    assert 50 < items[0]["position_age_seconds"] < 70
    client.force_login(operator)
    page = client.get(f"/console/telemetri/laporan/{disposed_report.ticket}/armada/")
    text = page.content.decode().replace("\xa0", " ")
    assert "damkar-lama" not in text
    assert "posisi 1 menit lalu" in text
    assert "1 kendaraan tersedia tidak ditampilkan" in text
