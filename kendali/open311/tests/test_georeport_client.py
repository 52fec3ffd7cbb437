"""The `georeport` PyPI client reads our Open311 server on loopback, in JSON and in XML."""

from __future__ import annotations

import pytest
from georeport import GeoReport

from kendali.reports import actions


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_reads_services_and_requests(
    live_url, world, questions, make_report, operator, fmt
):
    first = make_report()
    actions.verify_report(first, operator)
    second = make_report(category="sampah")
    actions.verify_report(second, operator)
    client = GeoReport(f"{live_url}/open311/v2", output_format=fmt)

    services = client.get_service_list()
    assert {s["service_code"] for s in services} == {"jalan-rusak", "sampah", "banjir"}

    definition = client.get_service_definition("jalan-rusak")
    attributes = definition["attributes"]
    if fmt == "xml":
        attributes = attributes["attribute"]
    assert {a["code"] for a in attributes} >= {"ukuran", "bahaya"}

    listed = client.get_service_requests()
    assert {r["service_request_id"] for r in listed} == {first.ticket, second.ticket}
    only_road = client.get_service_requests(service_code="jalan-rusak", status="open")
    if isinstance(only_road, dict):  # xmltodict gives a dict for a single element
        only_road = [only_road]
    assert [r["service_request_id"] for r in only_road] == [first.ticket]

    one = client.get_service_request(first.ticket)
    assert one["service_request_id"] == first.ticket
    assert one["requested_datetime"].endswith("+07:00")
