"""Vehicles come back: when a report is resolved, closed, rejected or marked duplicate, the
vehicles sent to it that are still on duty for it are available again, with a note on the
report's timeline. The fleet page says which report a vehicle on duty is serving."""

import pytest

from conftest import INSIDE_WEST
from kendali.audit.models import AuditEntry
from kendali.reports import actions as report_actions
from kendali.reports.models import Update
from kendali.telemetry import actions
from kendali.telemetry.models import Dispatch, Vehicle
from kendali.telemetry.tests.test_fleet import place


@pytest.fixture
def trucks(world):
    lat, lon = INSIDE_WEST
    return [
        place("damkar-1", "fire_truck", lat + 0.005, lon, world.agency_a),
        place("damkar-2", "fire_truck", lat + 0.01, lon, world.agency_a),
    ]


def status_of(code):
    return Vehicle.objects.get(code=code).status


def test_resolving_a_report_brings_its_vehicles_back(trucks, disposed_report, operator, officer_a):
    for truck in trucks:
        actions.dispatch_vehicle(disposed_report, truck, operator)
    assert {status_of("damkar-1"), status_of("damkar-2")} == {"on_duty"}
    report_actions.resolve_report(disposed_report, officer_a, note="Api sudah padam.")
    assert {status_of("damkar-1"), status_of("damkar-2")} == {"available"}
    assert not Dispatch.objects.filter(released_at=None).exists()
    note = Update.objects.filter(report=disposed_report, kind="system").last()
    assert "DAMKAR-1" in note.body and "DAMKAR-2" in note.body and not note.is_public
    assert AuditEntry.objects.filter(action="telemetry.vehicle.release").count() == 2


def test_rejecting_a_report_brings_its_vehicle_back(trucks, make_report, operator):
    report = make_report()
    report_actions.verify_report(report, operator)
    actions.dispatch_vehicle(report, trucks[0], operator)
    report_actions.reject_report(report, operator, reason="Laporan palsu.")
    assert status_of("damkar-1") == "available"


def test_closing_a_report_brings_back_a_vehicle_still_on_duty_for_it(
    trucks, disposed_report, operator, officer_a
):
    report_actions.resolve_report(disposed_report, officer_a, note="Selesai.")
    # A dispatch recorded before vehicles came back by themselves.
    Dispatch.objects.create(report=disposed_report, vehicle=trucks[0], dispatched_by=operator)
    Vehicle.objects.filter(pk=trucks[0].pk).update(status="on_duty")
    report_actions.close_report(disposed_report, operator)
    assert status_of("damkar-1") == "available"


def test_vehicles_changed_by_hand_since_are_left_alone(
    trucks, disposed_report, make_report, operator, officer_a
):
    actions.dispatch_vehicle(disposed_report, trucks[0], operator)
    actions.dispatch_vehicle(disposed_report, trucks[1], operator)
    actions.set_vehicle_status(trucks[1], officer_a, status="out_of_service")
    # Back early by hand, then sent to another report.
    actions.set_vehicle_status(trucks[0], officer_a, status="available")
    other = make_report()
    report_actions.verify_report(other, operator)
    actions.dispatch_vehicle(other, trucks[0], operator)
    report_actions.resolve_report(disposed_report, officer_a, note="Selesai.")
    assert status_of("damkar-1") == "on_duty"
    assert status_of("damkar-2") == "out_of_service"
    assert Dispatch.objects.get(released_at=None).report == other


def test_the_fleet_page_links_the_report_a_vehicle_is_serving(
    client, world, trucks, disposed_report, operator, officer_b
):
    actions.dispatch_vehicle(disposed_report, trucks[0], operator)
    lat, lon = INSIDE_WEST
    ambulance = place("amb-dlh", "ambulance", lat, lon, world.agency_b)
    actions.dispatch_vehicle(disposed_report, ambulance, operator)  # agency A's report
    client.force_login(operator)
    page = client.get("/console/telemetri/armada/").content.decode()
    assert f'href="/console/laporan/{disposed_report.ticket}/"' in page
    assert page.count("/console/laporan/") == 2
    # Agency B's officer sees their ambulance on duty, not the ticket of a report not theirs.
    client.force_login(officer_b)
    page = client.get("/console/telemetri/armada/").content.decode()
    assert "amb-dlh" in page and disposed_report.ticket not in page
