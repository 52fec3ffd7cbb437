"""POST requests: an integration files a report with its key; bad input is refused with the
spec's error document and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from conftest import INSIDE_EAST, INSIDE_WEST, OUTSIDE, SECRET_CONTACT
from kendali.audit.models import AuditEntry
from kendali.open311.actions import revoke_api_key
from kendali.open311.models import RequestAnswer, Submission
from kendali.reports.models import Report

URL = "/open311/v2/requests.{}"


def good(secret: str | None, **extra: Any) -> dict[str, Any]:
    data = {
        "api_key": secret,
        "service_code": "jalan-rusak",
        "lat": str(INSIDE_WEST[0]),
        "long": str(INSIDE_WEST[1]),
        "description": "Lubang besar di tengah jalan, sudah dua minggu tidak diperbaiki.",
        "attribute[ukuran]": "besar",
        "first_name": "Budi",
        "last_name": "Santoso",
        "email": SECRET_CONTACT,
        "phone": "0812-1111-2222",
        "media_url": "https://warga.example/foto/123.jpg",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def stored() -> tuple[int, int, int, int]:
    return (
        Report.objects.count(),
        Submission.objects.count(),
        RequestAnswer.objects.count(),
        AuditEntry.objects.filter(action__startswith="report.").count(),
    )


def test_it_files_a_report_with_answers_and_keeps_the_reporter_private(
    client, api_key, questions, integration
):
    data = good(api_key)
    data["attribute[bahaya][]"] = ["motor", "pejalan"]
    data["attribute[kedalaman]"] = "15.5"
    data["attribute[sejak]"] = "2026-11-01T08:00:00+07:00"
    response = client.post(URL.format("json"), data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body) == 1
    ticket = body[0]["service_request_id"]
    report = Report.objects.get(ticket=ticket)
    assert report.channel == "open311"
    assert report.status == "submitted"
    assert report.reporter_name == "Budi Santoso"
    assert SECRET_CONTACT in report.reporter_contact and "0812-1111-2222" in report.reporter_contact
    assert report.is_anonymous  # third-party apps do not ask whether a name may be shown
    assert report.area.code == "barat-selatan" or report.area.code.startswith("barat")
    submission = report.open311
    assert submission.api_key == integration[0]
    assert submission.media_url == "https://warga.example/foto/123.jpg"
    assert body[0]["token"] == submission.token
    answers = {
        a.attribute.code: a.value for a in report.open311_answers.select_related("attribute")
    }
    assert answers == {
        "ukuran": "besar",
        "bahaya": ["motor", "pejalan"],
        "kedalaman": 15.5,
        "sejak": "2026-11-01T08:00:00+07:00",
    }


def test_it_answers_in_xml_with_a_declaration(client, api_key, questions):
    response = client.post(URL.format("xml"), good(api_key))
    assert response.status_code == 201
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = etree.fromstring(response.content)
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id")
    assert root.findtext("request/token")


def test_an_address_naming_a_kelurahan_is_enough(client, api_key, questions):
    data = good(api_key, lat=None, long=None, address_string="Gang Mawar 3, Barat Utara")
    response = client.post(URL.format("json"), data)
    assert response.status_code == 201, response.content
    report = Report.objects.get(ticket=response.json()[0]["service_request_id"])
    assert report.area.code == "barat-utara"
    assert report.latitude is None


def test_an_area_code_as_address_id_is_enough(client, api_key, questions):
    data = good(api_key, lat=None, long=None, address_string="Jl. Uji 5", address_id="timur-satu")
    response = client.post(URL.format("json"), data)
    assert response.status_code == 201, response.content
    report = Report.objects.get(ticket=response.json()[0]["service_request_id"])
    assert report.area.code == "timur-satu"


def test_the_token_finds_the_request(client, api_key, questions):
    body = client.post(URL.format("json"), good(api_key)).json()[0]
    response = client.get(f"/open311/v2/tokens/{body['token']}.json")
    assert response.status_code == 200
    assert response.json() == [
        {"service_request_id": body["service_request_id"], "token": body["token"]}
    ]
    xml = client.get(f"/open311/v2/tokens/{body['token']}.xml")
    assert (
        etree.fromstring(xml.content).findtext("request/service_request_id")
        == body["service_request_id"]
    )
    assert client.get("/open311/v2/tokens/tidak-ada.json").status_code == 404


def assert_error(response: Any, status: int, fmt: str, *words: str) -> None:
    assert response.status_code == status, response.content
    if fmt == "json":
        body = response.json()
        assert isinstance(body, list) and body
        assert all(item["code"] == status and item["description"] for item in body)
        text = " ".join(item["description"] for item in body)
    else:
        assert response.content.startswith(b"<?xml")
        root = etree.fromstring(response.content)
        assert root.tag == "errors"
        assert root.findtext("error/code") == str(status)
        text = " ".join(e.findtext("description") for e in root.findall("error"))
    for word in words:
        assert word in text


REFUSALS = [
    ("missing api_key", {"api_key": None}, 403, "api_key"),
    ("invalid api_key", {"api_key": "o311_salah"}, 403, "api_key"),
    ("unknown service", {"service_code": "tidak-ada"}, 404, "service_code"),
    ("no location", {"lat": None, "long": None}, 400, "location"),
    ("blank address", {"lat": None, "long": None, "address_string": "   "}, 400, "location"),
    ("only lat", {"long": None}, 400, "lat"),
    ("lat not a number", {"lat": "utara"}, 400, "lat"),
    ("outside the city", {"lat": str(OUTSIDE[0]), "long": str(OUTSIDE[1])}, 400, "latitude"),
    ("missing service_code", {"service_code": None}, 400, "service_code"),
    ("empty service_code", {"service_code": "  "}, 400, "service_code"),
    (
        "unknown address_id",
        {"lat": None, "long": None, "address_id": "tidak-ada"},
        400,
        "address_id",
    ),
    ("missing required attribute", {"attribute[ukuran]": None}, 400, "attribute[ukuran]"),
    ("unknown list value", {"attribute[ukuran]": "raksasa"}, 400, "attribute[ukuran]"),
    ("unknown attribute", {"attribute[warna]": "merah"}, 400, "attribute[warna]"),
    (
        "number attribute not a number",
        {"attribute[kedalaman]": "dalam"},
        400,
        "attribute[kedalaman]",
    ),
    ("bad datetime attribute", {"attribute[sejak]": "kemarin"}, 400, "attribute[sejak]"),
    ("description over 4000 characters", {"description": "x" * 4001}, 400, "description"),
    ("description too short", {"description": "rusak"}, 400, "description"),
    ("media_url not http", {"media_url": "javascript:alert(1)"}, 400, "media_url"),
    ("foreign jurisdiction", {"jurisdiction_id": "jakarta"}, 404, "jurisdiction_id"),
]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("case", "changes", "status", "word"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_bad_input_is_refused_and_nothing_is_stored(
    client, api_key, questions, fmt, case, changes, status, word
):
    before = stored()
    response = client.post(URL.format(fmt), good(api_key, **changes))
    assert_error(response, status, fmt, word)
    assert stored() == before


def test_a_revoked_key_is_refused(client, integration, questions, supervisor):
    key, secret = integration
    revoke_api_key(key, supervisor)
    before = stored()
    assert_error(client.post(URL.format("json"), good(secret)), 403, "json", "api_key")
    assert stored() == before


def test_each_key_has_its_own_rate_limit(client, questions, supervisor, settings):
    from kendali.open311.actions import issue_api_key

    _slow, slow_secret = issue_api_key(supervisor, name="Lambat", rate="2/m")
    _fast, fast_secret = issue_api_key(supervisor, name="Cepat", rate="100/m")
    settings.RATELIMIT_ENABLE = True
    for _ in range(2):
        assert client.post(URL.format("json"), good(slow_secret)).status_code == 201
    before = stored()
    refused = client.post(URL.format("json"), good(slow_secret))
    assert_error(refused, 429, "json", "2/m")
    assert stored() == before
    assert client.post(URL.format("json"), good(fast_secret)).status_code == 201


def test_a_json_body_is_refused(client, api_key, questions):
    before = stored()
    response = client.post(URL.format("json"), good(api_key), content_type="application/json")
    assert_error(response, 400, "json", "x-www-form-urlencoded")
    assert stored() == before


def test_the_new_report_reaches_the_console_queue(client, api_key, questions, operator):
    from kendali.reports.access import visible_reports

    ticket = client.post(URL.format("json"), good(api_key)).json()[0]["service_request_id"]
    assert visible_reports(operator).filter(ticket=ticket, status="submitted").exists()


def test_a_description_from_open311_is_not_public_open_data_until_marked(
    client, api_key, questions
):
    ticket = client.post(URL.format("json"), good(api_key)).json()[0]["service_request_id"]
    assert not Report.objects.get(ticket=ticket).description_is_public


def test_an_east_point_is_routed_like_any_report(client, api_key, questions):
    data = good(api_key, lat=str(INSIDE_EAST[0]), long=str(INSIDE_EAST[1]))
    ticket = client.post(URL.format("json"), data).json()[0]["service_request_id"]
    assert Report.objects.get(ticket=ticket).suggested_agency.code == "dpu"
