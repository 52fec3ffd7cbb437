"""GET requests, one request, services and discovery: both formats, the filters and windows of
the spec, public reports only, no personal data."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from lxml import etree

from conftest import SECRET_CONTACT, SECRET_NAME
from kendali.reports import actions


@pytest.fixture
def public(make_report: Any, operator: Any, world: Any) -> Any:
    def make(**overrides: Any) -> Any:
        report = make_report(**overrides)
        actions.verify_report(report, operator)
        report.refresh_from_db()
        return report

    return make


def tickets(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["service_request_id"] for row in response.json()]


def test_discovery_names_the_endpoint_and_both_formats(client, world):
    body = client.get("/open311/v2/discovery.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = etree.fromstring(client.get("/open311/v2/discovery.xml").content)
    assert root.tag == "discovery"
    assert (
        root.findtext("endpoints/endpoint/specification") == "http://wiki.open311.org/GeoReport_v2"
    )
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_services_list_every_active_category(client, world, questions):
    rows = client.get("/open311/v2/services.json").json()
    by_code = {row["service_code"]: row for row in rows}
    assert set(by_code) == {"jalan-rusak", "sampah", "banjir"}
    assert by_code["jalan-rusak"]["metadata"] is True
    assert by_code["sampah"]["metadata"] is False
    assert by_code["jalan-rusak"]["type"] == "realtime"
    root = etree.fromstring(client.get("/open311/v2/services.xml").content)
    assert root.tag == "services"
    assert len(root.findall("service")) == 3
    assert root.find("service[service_code='jalan-rusak']/metadata").text == "true"


def test_a_service_definition_carries_every_datatype(client, world, questions):
    body = client.get("/open311/v2/services/jalan-rusak.json").json()
    assert body["service_code"] == "jalan-rusak"
    attributes = {a["code"]: a for a in body["attributes"]}
    assert {a["datatype"] for a in attributes.values()} == {
        "string",
        "number",
        "datetime",
        "text",
        "singlevaluelist",
        "multivaluelist",
    }
    assert attributes["ukuran"]["required"] is True
    assert attributes["ukuran"]["values"] == [
        {"key": "kecil", "name": "Kecil (< 20 cm)"},
        {"key": "besar", "name": "Besar (> 50 cm)"},
    ]
    assert all(a["variable"] is True for a in attributes.values())
    root = etree.fromstring(client.get("/open311/v2/services/jalan-rusak.xml").content)
    assert root.tag == "service_definition"
    assert root.findtext("attributes/attribute[code='ukuran']/values/value/key") == "kecil"
    assert root.findtext("attributes/attribute[code='ukuran']/required") == "true"


def test_english_names_follow_accept_language(client, world, questions):
    rows = client.get("/open311/v2/services.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert {r["service_name"] for r in rows} >= {"Damaged road"}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_and_endpoint_answer_404_documents(client, world, fmt):
    for path in (f"/open311/v2/services/tidak-ada.{fmt}", f"/open311/v2/tidak-ada.{fmt}"):
        response = client.get(path)
        assert response.status_code == 404
        if fmt == "xml":
            assert etree.fromstring(response.content).findtext("error/code") == "404"
        else:
            assert response.json()[0]["code"] == 404


def test_requests_list_public_reports_only(client, public, make_report, world):
    shown = public()
    make_report()  # not yet verified: not listed
    secret = public(confidential=True)
    listed = tickets(client.get("/open311/v2/requests.json"))
    assert listed == [shown.ticket]
    assert secret.ticket not in listed


def test_a_row_has_the_spec_fields_with_offsets(client, public, world):
    report = public()
    row = client.get("/open311/v2/requests.json").json()[0]
    assert list(row) == [
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    ]
    assert row["status"] == "open"
    assert row["service_code"] == "jalan-rusak"
    assert row["lat"] == report.latitude and row["long"] == report.longitude
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", row["requested_datetime"])


def test_xml_requests_have_a_declaration_and_no_z_times(client, public, world):
    public()
    response = client.get("/open311/v2/requests.xml")
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = etree.fromstring(response.content)
    assert root.tag == "service_requests"
    when = root.findtext("request/requested_datetime")
    assert when.endswith("+07:00") and "Z" not in when


def test_lifecycle_maps_to_open_and_closed(client, public, world, operator, officer_a):
    report = public()
    actions.dispose_report(report, operator, agency=world.agency_a)
    actions.resolve_report(report, officer_a, note="Sudah ditambal.")
    row = client.get(f"/open311/v2/requests/{report.ticket}.json").json()[0]
    assert row["status"] == "closed"
    assert row["status_notes"] == "Sudah ditambal."
    assert row["agency_responsible"] == "Dinas Pekerjaan Umum"


def test_filters_by_service_codes_and_statuses(client, public, world, operator):
    road = public()
    rubbish = public(category="sampah")
    flood = public(category="banjir")
    actions.reject_report(flood, operator, reason="Bukan banjir.")
    assert set(
        tickets(client.get("/open311/v2/requests.json?service_code=jalan-rusak,sampah"))
    ) == {
        road.ticket,
        rubbish.ticket,
    }
    actions.dispose_report(rubbish, operator, agency=world.agency_b)
    assert set(tickets(client.get("/open311/v2/requests.json?status=open"))) == {
        road.ticket,
        rubbish.ticket,
    }
    assert tickets(client.get("/open311/v2/requests.json?status=closed")) == [flood.ticket]
    assert len(tickets(client.get("/open311/v2/requests.json?status=open,closed"))) == 3


def test_service_request_id_overrides_other_filters(client, public, make_report, world):
    old = public()
    fresh = make_report()  # submitted: not listed, but an app that filed it can follow it
    secret = public(confidential=True)
    query = f"service_request_id={old.ticket},{fresh.ticket},{secret.ticket}&service_code=sampah&start_date=2001-01-01&end_date=2001-01-02"
    assert set(tickets(client.get(f"/open311/v2/requests.json?{query}"))) == {
        old.ticket,
        fresh.ticket,
    }


def test_date_windows(client, public, world):
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=120)):
        old = public()
    recent = public()
    assert tickets(client.get("/open311/v2/requests.json")) == [recent.ticket]
    start = (now - timedelta(days=125)).date().isoformat()
    assert tickets(client.get(f"/open311/v2/requests.json?start_date={start}")) == [old.ticket]
    end = (now - timedelta(days=100)).isoformat()
    assert tickets(client.get("/open311/v2/requests.json", {"end_date": end})) == [old.ticket]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_dates_more_than_90_days_apart_are_refused(client, world, fmt):
    response = client.get(
        f"/open311/v2/requests.{fmt}?start_date=2026-01-01T00:00:00%2B07:00&end_date=2026-04-02T00:00:00%2B07:00"
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "90" in text


@pytest.mark.parametrize(
    "query",
    ["start_date=kemarin", "status=pending", "end_date=2026-01-01&start_date=2026-02-01"],
)
def test_bad_queries_answer_400(client, world, query):
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400


def test_at_most_1000_items(client, public, world, monkeypatch):
    from kendali.open311 import views

    monkeypatch.setattr(views, "MAX_ITEMS", 2)
    for _ in range(3):
        public()
    assert len(tickets(client.get("/open311/v2/requests.json"))) == 2


def test_one_request_is_a_list_of_one(client, public, world):
    report = public()
    body = client.get(f"/open311/v2/requests/{report.ticket}.json").json()
    assert isinstance(body, list) and len(body) == 1
    root = etree.fromstring(client.get(f"/open311/v2/requests/{report.ticket}.xml").content)
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [report.ticket]


def test_a_confidential_request_is_not_found(client, public, world):
    report = public(confidential=True)
    assert client.get(f"/open311/v2/requests/{report.ticket}.json").status_code == 404
    assert client.get("/open311/v2/requests/ZZZZ-ZZZZ.xml").status_code == 404


def test_no_reporter_data_in_any_answer(client, public, world, api_key, questions):
    public()
    public(anonymous=True)
    from kendali.open311.tests.test_post_requests import good

    client.post("/open311/v2/requests.json", good(api_key, first_name=SECRET_NAME))
    for path in (
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        "/open311/v2/servicerequestupdates.json",
        "/open311/v2/servicerequestupdates.xml",
    ):
        body = client.get(path).content.decode()
        assert SECRET_CONTACT not in body and SECRET_NAME not in body
