"""POST /api/v1/readings: batches in JSON and NDJSON, repeats ignored, bad readings rejected
one by one without blocking the good ones, and the refusals (no token, wrong type of body)."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from conftest import bearer
from kendali.telemetry.models import IngestToken, Reading
from kendali.telemetry.tests.conftest import token_header


def post(client, payload, secret, content_type="application/json"):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(
        "/api/v1/readings", data=body, content_type=content_type, **token_header(secret)
    )


def iso(minutes_ago=0):
    return (timezone.now() - timedelta(minutes=minutes_ago)).isoformat()


def test_a_batch_is_stored_and_counted(citizen, river, rain, device_token):
    readings = [
        {"sensor": river.code, "ts": iso(3), "value": 80.5},
        {"sensor": river.code, "ts": iso(2), "value": 81},
        {"sensor": rain.code, "ts": int(timezone.now().timestamp()) - 60, "value": 3.2},
    ]
    response = post(citizen, readings, device_token)
    assert response.status_code == 200, response.content
    assert response.json() | {"errors": []} == {
        "stored": 3,
        "ignored": 0,
        "rejected": 0,
        "reasons": {},
        "errors": [],
    }
    assert Reading.objects.count() == 3


def test_a_repeated_reading_is_ignored_and_late_ones_are_accepted(citizen, river, device_token):
    first = [{"sensor": river.code, "ts": iso(1), "value": 90}]
    assert post(citizen, first, device_token).json()["stored"] == 1
    again = [*first, {"sensor": river.code, "ts": iso(600), "value": 70}, *first]
    answer = post(citizen, again, device_token).json()
    assert (answer["stored"], answer["ignored"], answer["rejected"]) == (1, 2, 0)
    assert Reading.objects.count() == 2


def test_ndjson_with_a_broken_line(citizen, river, device_token):
    lines = "\n".join(
        [
            json.dumps({"sensor": river.code, "ts": iso(2), "value": 91}),
            "{not json",
            json.dumps({"sensor": river.code, "ts": iso(1), "value": 92}),
        ]
    )
    answer = post(citizen, lines, device_token, "application/x-ndjson").json()
    assert (answer["stored"], answer["rejected"]) == (2, 1)
    assert answer["errors"][0]["index"] == 1 and answer["reasons"] == {"malformed": 1}


def test_bad_readings_are_rejected_one_by_one_and_good_ones_still_stored(
    citizen, river, device_token
):
    future = (timezone.now() + timedelta(hours=2)).isoformat()
    naive = datetime.now().replace(microsecond=0).isoformat()
    batch = [
        {"sensor": "tidak-ada", "ts": iso(1), "value": 1},
        {"sensor": river.code, "ts": iso(1), "value": "tinggi"},
        {"sensor": river.code, "ts": iso(1), "value": True},
        {"sensor": river.code, "ts": iso(1), "value": 99999},
        {"sensor": river.code, "ts": future, "value": 10},
        {"sensor": river.code, "ts": naive, "value": 10},
        {"sensor": river.code, "ts": "kemarin", "value": 10},
        {"sensor": river.code, "ts": "2001-01-01T00:00:00Z", "value": 10},
        {"sensor": 12, "ts": iso(1), "value": 10},
        "bukan objek",
        {"sensor": river.code, "ts": iso(1), "value": 120},
    ]
    response = post(citizen, batch, device_token)
    assert response.status_code == 200
    answer = response.json()
    assert (answer["stored"], answer["rejected"]) == (1, 10)
    assert answer["reasons"] == {
        "unknown_sensor": 2,
        "bad_value": 2,
        "absurd_value": 1,
        "future_timestamp": 1,
        "naive_timestamp": 1,
        "bad_timestamp": 1,
        "too_old": 1,
        "malformed": 1,
    }
    assert all(error["message"] for error in answer["errors"])
    assert Reading.objects.get().value == 120


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{", "application/json", 400),
        ('"just a string"', "application/json", 400),
        ("sensor=1", "application/x-www-form-urlencoded", 415),
        ("", "text/plain", 415),
    ],
)
def test_malformed_bodies_get_a_4xx(citizen, river, device_token, body, content_type, status):
    response = post(citizen, body, device_token, content_type)
    assert response.status_code == status
    assert "detail" in response.json()


def test_too_many_readings_in_one_request(citizen, river, device_token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
    batch = [{"sensor": river.code, "ts": 1_700_000_000 + i, "value": 1} for i in range(10_001)]
    assert post(citizen, batch, device_token).status_code == 413


def test_a_huge_body_is_refused(citizen, river, device_token):
    body = "[" + ",".join(['{"sensor": "x", "ts": 1, "value": 1}'] * 40_000) + "]"
    assert post(citizen, body, device_token).status_code == 413


def test_it_refuses_without_a_token_or_with_a_citizen_or_revoked_token(
    citizen, river, officer_a, device_token
):
    batch = [{"sensor": river.code, "ts": iso(1), "value": 1}]
    assert (
        citizen.post("/api/v1/readings", batch, content_type="application/json").status_code == 401
    )
    # An agency officer's staff token is not an integration token.
    response = citizen.post(
        "/api/v1/readings", batch, content_type="application/json", **bearer(officer_a)
    )
    assert response.status_code == 401
    IngestToken.objects.update(revoked_at=timezone.now())
    assert post(citizen, batch, device_token).status_code == 401
    assert Reading.objects.count() == 0


def test_an_agency_token_writes_only_its_agency_sensors(citizen, world, river, rain):
    _token, secret = IngestToken.issue("dlh-gateway", agency=world.agency_b)
    batch = [
        {"sensor": river.code, "ts": iso(1), "value": 50},  # agency A's sensor
        {"sensor": rain.code, "ts": iso(1), "value": 2},
    ]
    answer = post(citizen, batch, secret).json()
    assert (answer["stored"], answer["reasons"]) == (1, {"unknown_sensor": 1})


def test_a_command_center_staff_token_may_send(citizen, river, operator):
    batch = [{"sensor": river.code, "ts": iso(1), "value": 50}]
    response = citizen.post(
        "/api/v1/readings",
        batch,
        content_type="application/json",
        **bearer(operator, scopes="read write ingest"),
    )
    assert response.status_code == 200 and response.json()["stored"] == 1


def test_epoch_milliseconds_and_z_suffix(citizen, river, device_token):
    now = timezone.now().replace(microsecond=0)
    batch = [
        {"sensor": river.code, "ts": int(now.timestamp() * 1000) - 5000, "value": 1},
        {
            "sensor": river.code,
            "ts": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "value": 2,
        },
    ]
    answer = post(citizen, batch, device_token).json()
    assert answer["stored"] == 2
    assert Reading.objects.order_by("ts").last().ts == now
