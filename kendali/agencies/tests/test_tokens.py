"""Tokens carry scopes (read, write, ingest) and expire by default; staff and integration
tokens have their own request limit, apart from anonymous intake's."""

import json
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from conftest import INSIDE_WEST, bearer
from kendali.agencies.models import ApiToken
from kendali.open311.models import ApiKey
from kendali.telemetry.models import IngestToken


def report_body():
    return json.dumps(
        {
            "category": "jalan-rusak",
            "description": "Lubang besar di depan sekolah, bahaya untuk motor.",
            "latitude": INSIDE_WEST[0],
            "longitude": INSIDE_WEST[1],
        }
    )


def file_report(client, **headers):
    return client.post("/api/v1/reports", report_body(), content_type="application/json", **headers)


@pytest.mark.parametrize(
    ("make", "scopes"),
    [
        (lambda user: ApiToken.issue(user, "t"), "read write"),
        (lambda user: ApiKey.create_with_secret(name="App"), "read write"),
        (lambda user: IngestToken.issue("Pos"), "ingest"),
    ],
)
def test_every_kind_expires_by_default_and_has_its_scopes(world, operator, make, scopes, settings):
    token, _secret = make(operator)
    expected = timezone.now() + timedelta(days=settings.TOKEN_DEFAULT_DAYS)
    assert abs(token.expires_at - expected) < timedelta(minutes=1)
    assert token.scopes == scopes


def test_no_default_expiry_when_set_to_zero(world, operator, settings):
    settings.TOKEN_DEFAULT_DAYS = 0
    token, _secret = ApiToken.issue(operator, "t")
    assert token.expires_at is None


@pytest.mark.parametrize("kind", [ApiToken, ApiKey, IngestToken])
def test_an_expired_token_matches_nothing(world, operator, kind):
    fields = {"user": operator, "name": "t"} if kind is ApiToken else {"name": "t"}
    _token, secret = kind.create_with_secret(**fields)
    assert kind.matching(secret).exists()
    with time_machine.travel(timezone.now() + timedelta(days=366)):
        assert not kind.matching(secret).exists()


def test_an_expired_staff_token_is_refused(world, citizen, operator):
    headers = bearer(operator)
    assert citizen.get("/api/v1/me", **headers).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=366)):
        assert citizen.get("/api/v1/me", **headers).status_code == 401


def test_a_read_token_reads_but_does_not_write(world, citizen, operator, make_report):
    report = make_report()
    headers = bearer(operator, scopes="read")
    assert citizen.get(f"/api/v1/staff/reports/{report.ticket}", **headers).status_code == 200
    response = citizen.post(
        f"/api/v1/reports/{report.ticket}/verify", "{}", content_type="application/json", **headers
    )
    assert response.status_code == 401
    report.refresh_from_db()
    assert report.status == "submitted"
    writer = bearer(operator, scopes="read write")
    response = citizen.post(
        f"/api/v1/reports/{report.ticket}/verify", "{}", content_type="application/json", **writer
    )
    assert response.status_code == 200


def test_ingest_needs_the_ingest_scope(world, citizen, operator):
    _token, secret = IngestToken.issue("Pos")
    IngestToken.objects.update(scopes="read")
    response = citizen.post(
        "/api/v1/readings",
        "[]",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 401
    response = citizen.post(
        "/api/v1/readings", "[]", content_type="application/json", **bearer(operator)
    )
    assert response.status_code == 401  # a staff token without `ingest`


def test_an_open311_key_without_write_may_not_submit(world, citizen):
    _key, secret = ApiKey.create_with_secret(name="App", scopes="read")
    response = citizen.post(
        "/open311/v2/requests.json",
        {"api_key": secret, "service_code": "jalan-rusak", "lat": "-6.925", "long": "107.575"},
    )
    assert response.status_code == 403


def test_staff_tokens_are_not_held_to_the_anonymous_intake_limit(world, operator, settings):
    settings.REPORT_RATE = "2/m"
    settings.TOKEN_RATE = "100/m"
    client = Client(REMOTE_ADDR="10.7.7.7")
    headers = bearer(operator)
    assert [file_report(client, **headers).status_code for _ in range(5)] == [201] * 5
    anonymous = [file_report(client).status_code for _ in range(3)]
    assert anonymous == [201, 201, 429]


def test_tokens_have_their_own_limit(world, operator, settings):
    settings.TOKEN_RATE = "3/m"
    headers = bearer(operator)
    answers = [Client().get("/api/v1/me", **headers).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    # Another person's token counts on its own.
    assert Client().get("/api/v1/me", **bearer(world_user(operator))).status_code == 200


def world_user(operator):
    from kendali.agencies.models import User

    return User.objects.create(username="operator2", role="operator")


def test_the_command_issues_a_scoped_token(world, operator):
    out = StringIO()
    call_command("token", "create", "operator", "--scope", "read", stdout=out)
    token = ApiToken.objects.get()
    assert token.scopes == "read" and token.expires_at is not None
    assert token.matching(out.getvalue().strip()).exists()
