"""The GeoReport v2 rules a client leans on: an ``address_id`` alone is a location, a plain
street address is accepted (placed by an operator when it names no area), a missing
``service_code`` is the spec's 400, and requests the command center turned down are listed as
closed. Each in JSON and XML."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from kendali.open311.tests.test_post_requests import URL, assert_error, good, stored
from kendali.reports import actions
from kendali.reports.access import visible_reports
from kendali.reports.models import Report

FORMATS = ["json", "xml"]


def filed(response: Any, fmt: str) -> Report:
    assert response.status_code == 201, response.content
    if fmt == "json":
        ticket = response.json()[0]["service_request_id"]
    else:
        ticket = etree.fromstring(response.content).findtext("request/service_request_id")
    return Report.objects.get(ticket=ticket)


def listed(response: Any, fmt: str) -> dict[str, dict[str, str]]:
    """service_request_id → the row, as either format carries it."""
    assert response.status_code == 200, response.content
    if fmt == "json":
        return {row["service_request_id"]: row for row in response.json()}
    root = etree.fromstring(response.content)
    return {
        row.findtext("service_request_id"): {child.tag: child.text or "" for child in row}
        for row in root.findall("request")
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_area_code_alone_as_address_id_is_a_location(client, api_key, questions, world, fmt):
    data = good(api_key, lat=None, long=None, address_id="timur-satu")
    report = filed(client.post(URL.format(fmt), data), fmt)
    assert report.area.code == "timur-satu"
    assert report.address == "" and report.latitude is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_area_number_as_address_id_is_a_location(client, api_key, questions, world, fmt):
    data = good(api_key, lat=None, long=None, address_id=str(world.west_north.pk))
    report = filed(client.post(URL.format(fmt), data), fmt)
    assert report.area == world.west_north


@pytest.mark.parametrize("fmt", FORMATS)
def test_address_id_is_answered_back_as_the_area_code(
    client, api_key, questions, world, operator, fmt
):
    data = good(api_key, lat=None, long=None, address_id="timur-satu")
    report = filed(client.post(URL.format(fmt), data), fmt)
    # Where a report is becomes public once the command center has verified it.
    actions.verify_report(report, operator)
    response = client.get(f"/open311/v2/requests/{report.ticket}.{fmt}")
    assert listed(response, fmt)[report.ticket]["address_id"] == "timur-satu"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_plain_street_address_is_kept_unlocated_for_an_operator(
    client, api_key, questions, operator, fmt
):
    data = good(api_key, lat=None, long=None, address_string="Jl. Melati No. 12, RT 03/RW 05")
    report = filed(client.post(URL.format(fmt), data), fmt)
    assert report.address == "Jl. Melati No. 12, RT 03/RW 05"
    assert report.area is None and report.latitude is None and report.longitude is None
    # It waits in the operator's queue like any new report, for them to place it.
    assert visible_reports(operator).filter(pk=report.pk, status="submitted").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_street_address_naming_a_kelurahan_is_placed_in_it(client, api_key, questions, fmt):
    data = good(api_key, lat=None, long=None, address_string="Jl. Melati 12, Timur Satu")
    report = filed(client.post(URL.format(fmt), data), fmt)
    assert report.area.code == "timur-satu"


@pytest.mark.parametrize("fmt", FORMATS)
def test_address_id_wins_over_the_address_it_comes_with(client, api_key, questions, fmt):
    data = good(api_key, lat=None, long=None, address_id="barat-utara", address_string="Timur Satu")
    report = filed(client.post(URL.format(fmt), data), fmt)
    assert report.area.code == "barat-utara" and report.address == "Timur Satu"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_service_code_is_the_specs_400_not_404(client, api_key, questions, fmt):
    before = stored()
    response = client.post(URL.format(fmt), good(api_key, service_code=None))
    assert_error(response, 400, fmt, "service_code")
    assert stored() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_service_code_stays_404(client, api_key, questions, fmt):
    response = client.post(URL.format(fmt), good(api_key, service_code="tidak-ada"))
    assert_error(response, 404, fmt, "service_code")


@pytest.mark.parametrize("fmt", FORMATS)
def test_rejected_and_duplicate_requests_are_listed_as_closed(
    client, make_report, operator, world, fmt
):
    open_one = make_report()
    actions.verify_report(open_one, operator)
    rejected = make_report(description="Laporan iseng, bukan masalah di jalan sama sekali.")
    actions.reject_report(rejected, operator, reason="Bukan kewenangan kota.")
    duplicate = make_report()
    actions.mark_duplicate(duplicate, operator, primary_ticket=open_one.ticket)
    secret = make_report(confidential=True)
    actions.reject_report(secret, operator, reason="Bukan kewenangan kota.")

    closed = listed(client.get(f"/open311/v2/requests.{fmt}?status=closed"), fmt)
    assert set(closed) == {rejected.ticket, duplicate.ticket}
    assert {row["status"] for row in closed.values()} == {"closed"}
    assert closed[rejected.ticket]["status_notes"] == "Bukan kewenangan kota."
    # What was turned down may be abuse: its text is not republished, only the reason.
    assert closed[rejected.ticket].get("description", "") == ""
    everything = listed(client.get(f"/open311/v2/requests.{fmt}"), fmt)
    assert set(everything) == {open_one.ticket, rejected.ticket, duplicate.ticket}
    assert set(listed(client.get(f"/open311/v2/requests.{fmt}?status=open"), fmt)) == {
        open_one.ticket
    }
