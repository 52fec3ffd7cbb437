"""A corpus of hostile input thrown at every door that takes input from strangers: the portal
report form, the reports API, Open311, the CKAN Action API and the telemetry endpoints.

Each field of a good request is replaced in turn by each hostile value (odd Unicode, huge
strings, wrong types, nested JSON, NUL bytes, lone surrogates, numbers too big for anything).
Every answer must be below 500, and nothing may be half-stored: a refused request leaves every
table as it was, and an accepted report has its transition, its timeline entry and its audit row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from conftest import INSIDE_WEST, bearer
from kendali.audit.models import AuditEntry
from kendali.open311.actions import issue_api_key
from kendali.open311.models import Submission
from kendali.reports.models import Attachment, Report, Transition, Update
from kendali.telemetry.models import IngestToken, Reading, Sensor, Vehicle, VehiclePosition

DEEP = "[" * 5000 + "]" * 5000
# Values as they may arrive in JSON (any type) ...
JSON_VALUES: list[Any] = [
    "",
    " ",
    "\x00",
    "ada\x00nul",
    "\ud800",  # a lone surrogate: json.dumps writes "\ud800"
    "\udfff\ud800",
    "\u202eRTL override\u202c",
    "\u200b\u200d\ufeff",
    "e\u0301" * 500,  # combining marks
    "😀" * 1000,
    "x" * 100_000,
    "'; DROP TABLE reports_report; --",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "NaN",
    "-1e309",
    "12345678901234567890",
    12345678901234567890,
    10**400,
    -1,
    1e308,
    True,
    None,
    [],
    ["a", {"b": None}],
    {"nested": {"deeper": [1, 2, {"x": "y"}]}},
    json.loads(DEEP[:400] + DEEP[-400:]),
]
# ... and as they may arrive in a query string or a form (text only).
TEXT_VALUES: list[str] = [
    "",
    "\x00",
    "ada\x00nul",
    "%ED%A0%80",  # a lone surrogate as UTF-8 would spell it (decoded with replacements)
    "\u202eRTL\u202c\u200b\ufeff",
    "e\u0301" * 300,
    "😀" * 500,
    "x" * 60_000,
    "'; DROP TABLE reports_report; --",
    "../../etc/passwd",
    "NaN",
    "-1e309",
    "12345678901234567890",
    "[]",
    '{"a": 1}',
    DEEP[:2000],
]

TABLES = (Report, Transition, Update, Attachment, AuditEntry, Submission, Reading, VehiclePosition)


def counts() -> dict[str, int]:
    """What a refused request must not add to. A refused credential is audited on purpose
    (issue 13: failed logins are in the audit log), so those rows are not counted."""
    found = {model.__name__: model.objects.count() for model in TABLES}
    found["AuditEntry"] = AuditEntry.objects.exclude(action__startswith="account.").count()
    return found


def check_whole(before: dict[str, int], response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    after = counts()
    if response.status_code >= 400:
        assert after == before, f"{what}: refused ({response.status_code}) but stored something"
    for report in Report.objects.exclude(pk__in=[]).filter(
        created_at__gte=timezone.now() - timezone.timedelta(minutes=5)
    ):
        assert report.transitions.filter(action="create").exists(), what
        assert report.updates.exists(), what
        assert AuditEntry.objects.filter(action="report.create", object_id=str(report.pk)).exists()


def substitutions(base: dict[str, Any], values: list[Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for field in base:
        for index, value in enumerate(values):
            yield f"{field}#{index}", base | {field: value}


@pytest.fixture
def open_doors(settings: Any) -> None:
    """No rate limit gets in the way: every request must reach the code under test."""
    settings.REPORT_RATE = ""
    settings.TRACK_RATE = ""
    settings.GPS_RATE = ""
    settings.GPS_TRACKER_RATE = ""
    # Nor the lockout: the corpus sends many wrong keys from one address on purpose (the
    # lockout itself is tested in kendali/agencies/tests/test_lockout.py).
    settings.AXES_ENABLED = False


def hammer(send: Callable[[Any], Any], bodies: Iterable[tuple[str, Any]]) -> dict[int, int]:
    """Send every body; return how many answers had each status."""
    statuses: dict[int, int] = {}
    for what, body in bodies:
        before = counts()
        response = send(body)
        check_whole(before, response, what)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    return statuses


REPORT = {
    "category": "jalan-rusak",
    "description": "Jalan berlubang besar di depan pasar.",
    "latitude": INSIDE_WEST[0],
    "longitude": INSIDE_WEST[1],
    "address": "Jl. Pasar 1",
    "area": "barat-utara",
    "reporter_name": "Budi",
    "reporter_contact": "0812-0000-0000",
    "anonymous": False,
    "confidential": False,
}


def test_the_reports_api_as_json(world: Any, open_doors: None) -> None:
    client = Client(raise_request_exception=False)

    def send(body: Any) -> Any:
        try:
            data = json.dumps(body)
        except (ValueError, RecursionError):
            data = str(body)
        return client.post("/api/v1/reports", data, content_type="application/json")

    assert hammer(send, substitutions(REPORT, JSON_VALUES)).get(201)
    for raw in (DEEP, "[]", "null", '"text"', "{", '{"a": "\\ud800"}', "\x00", b"\xff\xfe"):
        before = counts()
        check_whole(
            before, client.post("/api/v1/reports", raw, content_type="application/json"), raw[:9]
        )


def test_the_reports_api_as_a_form_and_the_portal_form(world: Any, open_doors: None) -> None:
    client = Client(raise_request_exception=False)
    form = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in REPORT.items()}
    for url, accepted in (("/api/v1/reports", 201), ("/lapor/", 302)):
        statuses = hammer(
            lambda body, url=url: client.post(url, body), substitutions(form, TEXT_VALUES)
        )
        assert statuses.get(accepted), url


def test_open311(world: Any, supervisor: Any, open_doors: None) -> None:
    client = Client(raise_request_exception=False)
    _key, secret = issue_api_key(supervisor, name="Uji", rate="100000/m")
    post = {
        "api_key": secret,
        "service_code": "jalan-rusak",
        "description": "Jalan berlubang besar di depan pasar.",
        "lat": str(INSIDE_WEST[0]),
        "long": str(INSIDE_WEST[1]),
        "email": "warga@example.org",
        "first_name": "Budi",
        "jurisdiction_id": "uji",
    }
    statuses = hammer(
        lambda body: client.post("/open311/v2/requests.json", body),
        chain(
            substitutions(post, TEXT_VALUES),
            [("unknown attribute", post | {"attribute[x]": "1", "attribute[": "\x00"})],
        ),
    )
    assert statuses.get(201), "the good request must be accepted, or the corpus proves nothing"
    queries = {
        "service_request_id": "ABCD-2345",
        "start_date": "2026-01-01T00:00:00+07:00",
        "end_date": "2026-02-01T00:00:00+07:00",
        "status": "open",
        "service_code": "jalan-rusak",
        "jurisdiction_id": "uji",
    }
    for path in ("requests.json", "requests.xml", "servicerequestupdates.json"):
        hammer(
            lambda q, path=path: client.get(f"/open311/v2/{path}", q),
            substitutions(queries, TEXT_VALUES),
        )
    for value in TEXT_VALUES:
        for path in ("requests/{}.json", "services/{}.xml", "tokens/{}.json", "{}"):
            url = "/open311/v2/" + path.format(quote(value[:200], safe="%"))
            check_whole(counts(), client.get(url), url[:60])


CKAN_ACTIONS = [
    "package_list",
    "current_package_list_with_resources",
    "package_show",
    "resource_show",
    "package_search",
    "organization_list",
    "organization_show",
    "group_list",
    "group_show",
    "tag_list",
    "datastore_search",
    "datastore_info",
]
CKAN_PARAMS = {
    "id": "laporan",
    "q": "jalan",
    "fq": "tags:jalan",
    "rows": 10,
    "start": 0,
    "offset": 0,
    "limit": 10,
    "sort": "name asc",
    "resource_id": "00000000-0000-0000-0000-000000000001",
    "filters": {"status": "verified"},
    "fields": ["status"],
    "facet.field": ["tags"],
    "all_fields": True,
}


def test_the_ckan_action_api(world: Any, open_doors: None) -> None:
    client = Client(raise_request_exception=False)
    for action in CKAN_ACTIONS:
        url = f"/api/3/action/{action}"

        def send_json(body: Any, url: str = url) -> Any:
            return client.post(url, json.dumps(body), content_type="application/json")

        hammer(send_json, substitutions(CKAN_PARAMS, JSON_VALUES[::3]))
        text = {k: json.dumps(v) if not isinstance(v, str) else v for k, v in CKAN_PARAMS.items()}
        hammer(lambda q, url=url: client.get(url, q), substitutions(text, TEXT_VALUES[::2]))
    for value in TEXT_VALUES:
        url = "/api/3/action/" + quote(value[:200], safe="%")
        check_whole(counts(), client.get(url), url[:60])


def test_the_telemetry_endpoints(world: Any, operator: Any, open_doors: None) -> None:
    client = Client(raise_request_exception=False)
    Sensor.objects.create(
        code="tma-1",
        name="TMA 1",
        kind="water_level",
        latitude=INSIDE_WEST[0],
        longitude=INSIDE_WEST[1],
    )
    vehicle = Vehicle.objects.create(code="amb-1", name="Ambulans 1", kind="ambulance")
    _token, device = IngestToken.issue("uji")
    now = timezone.now().isoformat()
    reading = {"sensor": "tma-1", "ts": now, "value": 120}

    def send_readings(body: Any) -> Any:
        return client.post(
            "/api/v1/readings",
            json.dumps([body]),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {device}",
        )

    assert hammer(send_readings, substitutions(reading, JSON_VALUES)).get(200)
    traccar = {
        "device_id": vehicle.tracker_id,
        "location": {"timestamp": now, "coords": {"latitude": -6.9, "longitude": 107.6}},
    }
    assert hammer(
        lambda body: client.post("/api/v1/gps/osmand", json.dumps(body), "application/json"),
        substitutions(traccar, JSON_VALUES),
    ).get(200)
    osmand = {"id": vehicle.tracker_id, "lat": "-6.9", "lon": "107.6", "timestamp": now}
    hammer(lambda q: client.get("/api/v1/gps/osmand", q), substitutions(osmand, TEXT_VALUES))
    owntracks = {"_type": "location", "lat": -6.9, "lon": 107.6, "tst": 1, "vel": 3}
    hammer(
        lambda body: client.post(
            "/api/v1/gps/owntracks",
            json.dumps(body),
            "application/json",
            HTTP_AUTHORIZATION=f"Bearer {device}",
            HTTP_X_LIMIT_D=vehicle.tracker_id,
        ),
        substitutions(owntracks, JSON_VALUES),
    )
    staff = bearer(operator)
    for value in TEXT_VALUES:
        quoted = quote(value[:200], safe="%")
        for url in (
            f"/api/v1/sensors/{quoted}",
            f"/api/v1/sensors/tma-1/readings?since={quoted}",
            f"/api/v1/sensors?kind={quoted}&area={quoted}",
            f"/api/v1/vehicles/{quoted}/status",
        ):
            check_whole(counts(), client.get(url, **staff), url[:60])
        check_whole(
            counts(),
            client.post(
                f"/api/v1/vehicles/{quoted}/status",
                json.dumps({"status": value}),
                "application/json",
                **staff,
            ),
            "vehicle status",
        )
