"""Dispatch follows the report's lifecycle: a vehicle goes only to a report that is verified
and still being handled; anything else is refused with the reason (409), in the API and on the
report's page, where a missing or unknown vehicle is a message too, never an error page."""

import pytest

from conftest import INSIDE_WEST, bearer
from kendali.reports import actions as report_actions
from kendali.telemetry.models import Dispatch, Vehicle
from kendali.telemetry.tests.test_fleet import place


@pytest.fixture
def truck(world):
    lat, lon = INSIDE_WEST
    return place("damkar-1", "fire_truck", lat + 0.005, lon, world.agency_a)


def in_state(state, make_report, operator, officer_a, world):
    """A report brought to `state` through the real actions."""
    report = make_report()
    if state == "submitted":
        return report
    if state == "held_unverified":
        return report_actions.hold_report(report, operator, reason="Alamatnya di mana?")
    report_actions.verify_report(report, operator)
    if state == "verified":
        return report
    if state in {"rejected"}:
        return report_actions.reject_report(report, operator, reason="Bukan kewenangan kota.")
    if state == "duplicate":
        primary = make_report()
        return report_actions.mark_duplicate(report, operator, primary_ticket=primary.ticket)
    report_actions.dispose_report(report, operator, agency=world.agency_a)
    if state == "held_disposed":
        return report_actions.hold_report(report, officer_a, reason="Foto kurang jelas.")
    report_actions.start_work(report, officer_a)
    if state == "in_progress":
        return report
    report_actions.resolve_report(report, officer_a, note="Sudah diperbaiki.")
    if state == "resolved":
        return report
    return report_actions.close_report(report, operator)


def send(client, report, user, vehicle="damkar-1"):
    return client.post(
        f"/api/v1/reports/{report.ticket}/dispatch",
        {"vehicle": vehicle},
        content_type="application/json",
        **bearer(user),
    )


@pytest.mark.parametrize(
    "state", ["submitted", "held_unverified", "rejected", "duplicate", "resolved", "closed"]
)
def test_it_refuses_reports_not_verified_or_already_finished(
    client, truck, make_report, operator, officer_a, world, state
):
    report = in_state(state, make_report, operator, officer_a, world)
    response = send(client, report, operator)
    assert response.status_code == 409, response.content
    assert report.ticket in response.json()["detail"]
    assert Vehicle.objects.get(code="damkar-1").status == "available"
    assert not Dispatch.objects.exists()


@pytest.mark.parametrize("state", ["verified", "held_disposed", "in_progress"])
def test_it_sends_to_reports_being_handled(
    client, truck, make_report, operator, officer_a, world, state
):
    report = in_state(state, make_report, operator, officer_a, world)
    response = send(client, report, operator)
    assert response.status_code == 200, response.content
    assert Vehicle.objects.get(code="damkar-1").status == "on_duty"


def page_messages(client, response):
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    return [str(message) for message in page.context["messages"]]


@pytest.mark.parametrize("vehicle", ["", "tidak-ada", "x" * 300])
def test_the_console_form_says_when_the_vehicle_is_missing_or_unknown(
    client, truck, disposed_report, operator, vehicle
):
    client.force_login(operator)
    url = f"/console/telemetri/laporan/{disposed_report.ticket}/kirim/"
    response = client.post(url, {"vehicle": vehicle})
    assert response["Location"].endswith(f"/console/laporan/{disposed_report.ticket}/")
    said = page_messages(client, response)
    assert said and ("Pilih kendaraan" in said[0] or "tidak ditemukan" in said[0])
    assert not Dispatch.objects.exists()


def test_the_console_form_says_why_a_closed_report_gets_no_vehicle(
    client, truck, make_report, operator, officer_a, world
):
    report = in_state("closed", make_report, operator, officer_a, world)
    client.force_login(operator)
    response = client.post(
        f"/console/telemetri/laporan/{report.ticket}/kirim/", {"vehicle": "damkar-1"}
    )
    said = page_messages(client, response)
    assert said and "Ditutup" in said[0]
    assert Vehicle.objects.get(code="damkar-1").status == "available"


def test_the_panel_offers_no_send_button_on_a_closed_report(
    client, truck, make_report, operator, officer_a, world
):
    report = in_state("closed", make_report, operator, officer_a, world)
    client.force_login(operator)
    panel = client.get(f"/console/telemetri/laporan/{report.ticket}/armada/").content.decode()
    assert "damkar-1" in panel
    assert "/kirim/" not in panel
    assert "hanya bisa dikirim" in panel
