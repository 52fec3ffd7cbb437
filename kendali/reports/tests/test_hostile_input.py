"""Input that once produced 500s somewhere: each is a clear 4xx now, on both databases."""

import base64
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import INSIDE_WEST, bearer
from kendali.reports import actions
from kendali.reports.models import Report

REPORT = {
    "category": "jalan-rusak",
    "description": "Jalan rusak parah sekali.",
    "latitude": INSIDE_WEST[0],
    "longitude": INSIDE_WEST[1],
}


def post(client, body, **extra):
    return client.post(
        "/api/v1/reports",
        data=body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
        **extra,
    )


@pytest.mark.parametrize("field", ["description", "reporter_name", "address"])
def test_nul_characters_are_refused(world, citizen, field):
    response = post(citizen, REPORT | {field: "ada\u0000nul di sini"})
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/reports?q=a%00",
        "/api/v1/reports?category=a%00",
        "/laporan/?q=a%00",
        "/api/v1/areas?parent=%00",
    ],
)
def test_nul_characters_in_queries_are_refused(world, citizen, path):
    assert citizen.get(path).status_code == 400


def test_nul_characters_in_console_forms_are_refused(world, make_report, operator):
    report = make_report()
    client = Client()
    client.force_login(operator)
    assert (
        client.post(f"/console/laporan/{report.ticket}/verify/", {"note": "a\x00b"}).status_code
        == 400
    )
    report.refresh_from_db()
    assert report.status == "submitted"


def test_deeply_nested_json_is_a_400(world, citizen):
    assert post(citizen, "[" * 50_000 + "]" * 50_000).status_code == 400


def test_a_boolean_is_not_a_coordinate(world, citizen):
    response = post(citizen, REPORT | {"latitude": True})
    assert response.status_code == 400
    assert "latitude" in {error["field"] for error in response.json()["errors"]}


@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31"])
def test_dates_beyond_what_databases_hold_are_a_400(world, citizen, since):
    assert citizen.get(f"/api/v1/reports?since={since}").status_code == 400
    assert citizen.get(f"/api/v1/map/reports?since={since}").status_code == 400


def test_a_forged_cursor_from_year_one_is_refused_everywhere(world, citizen, operator):
    forged = base64.urlsafe_b64encode(b"0001-01-01T00:00:00+14:00|1").decode().rstrip("=")
    assert citizen.get(f"/api/v1/reports?cursor={forged}").status_code == 400
    assert citizen.get(f"/laporan/?setelah={forged}").status_code == 200
    client = Client()
    client.force_login(operator)
    assert client.get(f"/console/?sort=terbaru&cursor={forged}").status_code == 200


def test_api_errors_keep_their_json_shape(world, citizen, make_report, operator):
    report = make_report()
    missing = citizen.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and set(missing.json()) == {"detail", "errors"}
    wrong_method = citizen.delete("/api/v1/categories")
    assert wrong_method.status_code == 405 and "detail" in wrong_method.json()
    plain = citizen.post(
        f"/api/v1/reports/{report.ticket}/verify",
        data="{}",
        content_type="text/plain",
        **bearer(operator),
    )
    assert plain.status_code == 415
    anonymous = citizen.post(
        f"/api/v1/reports/{report.ticket}/verify", data="{}", content_type="application/json"
    )
    assert anonymous.status_code == 401


def test_list_queries_do_not_grow_with_rows(world, citizen, make_report, operator):
    def count(path, **headers):
        with CaptureQueriesContext(connection) as queries:
            assert citizen.get(path, **headers).status_code == 200
        return len(queries)

    actions.verify_report(make_report(), operator)
    few = (
        count("/api/v1/reports"),
        count("/api/v1/staff/reports", **bearer(operator)),
        count("/api/v1/map/reports"),
    )
    for _ in range(12):
        actions.verify_report(make_report(), operator)
    many = (
        count("/api/v1/reports"),
        count("/api/v1/staff/reports", **bearer(operator)),
        count("/api/v1/map/reports"),
    )
    assert many == few
    assert max(many) <= 8
