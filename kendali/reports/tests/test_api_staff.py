"""Staff API: the scoped queue and one endpoint per console action, with their refusals."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import bearer, jpeg_bytes
from kendali.reports.models import Report


def act(client, ticket, action, data, user=None, **extra):
    headers = bearer(user) if user else {}
    return client.post(
        f"/api/v1/reports/{ticket}/{action}",
        data=json.dumps(data),
        content_type="application/json",
        **headers,
        **extra,
    )


def test_staff_endpoints_need_authentication(world, citizen, disposed_report):
    assert citizen.get("/api/v1/staff/reports").status_code == 401
    assert act(citizen, disposed_report.ticket, "verify", {}).status_code == 401
    assert (
        citizen.get("/api/v1/staff/reports", HTTP_AUTHORIZATION="Bearer kdl_wrong").status_code
        == 401
    )


def test_the_operator_walks_a_report_through_the_api(
    world, citizen, make_report, operator, officer_a
):
    report = make_report()
    assert act(citizen, report.ticket, "verify", {"note": "ok"}, operator).status_code == 200
    response = act(citizen, report.ticket, "dispose", {"agency": "dpu"}, operator)
    assert response.status_code == 200
    assert response.json()["agency"]["code"] == "dpu"
    assert act(citizen, report.ticket, "start", {}, officer_a).status_code == 200
    photo = SimpleUploadedFile("done.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = citizen.post(
        f"/api/v1/reports/{report.ticket}/resolve",
        data={"note": "Sudah ditambal.", "photos": [photo]},
        **bearer(officer_a),
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "resolved"
    assert data["updates"][-1]["photos"]
    assert act(citizen, report.ticket, "close", {}, operator).status_code == 200


def test_the_queue_is_scoped_to_the_agency(
    world, citizen, disposed_report, make_report, officer_a, officer_b, operator
):
    make_report(category="sampah")
    assert {
        i["ticket"]
        for i in citizen.get("/api/v1/staff/reports", **bearer(officer_a)).json()["items"]
    } == {disposed_report.ticket}
    assert citizen.get("/api/v1/staff/reports", **bearer(officer_b)).json()["items"] == []
    assert (
        len(citizen.get("/api/v1/staff/reports?status=all", **bearer(operator)).json()["items"])
        == 2
    )


def test_another_agency_gets_404_and_nothing_changes(world, citizen, disposed_report, officer_b):
    assert (
        citizen.get(
            f"/api/v1/staff/reports/{disposed_report.ticket}", **bearer(officer_b)
        ).status_code
        == 404
    )
    for action, data in [
        ("start", {}),
        ("resolve", {"note": "x"}),
        ("updates", {"body": "x", "public": True}),
    ]:
        assert act(citizen, disposed_report.ticket, action, data, officer_b).status_code == 404
    disposed_report.refresh_from_db()
    assert disposed_report.status == "dispositioned" and disposed_report.updates.count() == 3


def test_a_wrong_state_is_409_with_the_reason(world, citizen, make_report, operator, supervisor):
    report = make_report()
    act(citizen, report.ticket, "reject", {"reason": "Bukan kewenangan kota."}, operator)
    response = act(citizen, report.ticket, "resolve", {"note": "x"}, supervisor)
    assert response.status_code == 409
    assert "Ditolak" in response.json()["detail"]
    assert Report.objects.get(pk=report.pk).status == "rejected"


def test_a_role_that_may_not_act_gets_403(world, citizen, make_report, officer_a, executive):
    report = make_report()
    assert act(citizen, report.ticket, "verify", {}, executive).status_code == 403


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("reject", {}),
        ("reject", {"reason": "   "}),
        ("dispose", {"agency": "nope"}),
        ("priority", {"priority": "extreme"}),
        ("duplicate", {"primary": "ZZZZ-ZZZZ"}),
        ("hold", {"reason": "x" * 5000}),
    ],
)
def test_bad_action_input_is_400(world, citizen, make_report, operator, action, data):
    report = make_report()
    response = act(citizen, report.ticket, action, data, operator)
    assert response.status_code == 400, response.content
    assert Report.objects.get(pk=report.pk).status == "submitted"


def test_the_staff_view_has_the_reporter_only_for_those_who_handle_it(
    world, citizen, disposed_report, operator, officer_a, executive
):
    url = f"/api/v1/staff/reports/{disposed_report.ticket}"
    assert (
        citizen.get(url, **bearer(operator)).json()["reporter"]["contact"]
        == "rahasia.pelapor.7731@example.org"
    )
    assert citizen.get(url, **bearer(officer_a)).json()["reporter"] is not None
    assert citizen.get(url, **bearer(executive)).json()["reporter"] is None


def test_allowed_actions_follow_role_and_state(
    world, citizen, disposed_report, operator, officer_a
):
    url = f"/api/v1/staff/reports/{disposed_report.ticket}"
    assert "start" in citizen.get(url, **bearer(officer_a)).json()["allowed_actions"]
    assert "start" not in citizen.get(url, **bearer(operator)).json()["allowed_actions"]


def test_session_auth_needs_csrf_for_writes(world, disposed_report, officer_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    assert client.get(f"/api/v1/staff/reports/{disposed_report.ticket}").status_code == 200
    response = client.post(
        f"/api/v1/reports/{disposed_report.ticket}/start",
        data="{}",
        content_type="application/json",
    )
    assert response.status_code == 403


def test_revoked_and_expired_tokens_are_refused(world, citizen, operator):
    from datetime import timedelta

    from django.utils import timezone

    from kendali.agencies.models import ApiToken

    _token, secret = ApiToken.issue(operator, "old", expires_at=timezone.now() - timedelta(days=1))
    assert (
        citizen.get("/api/v1/staff/reports", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code
        == 401
    )
    _token, secret = ApiToken.issue(operator, "revoked", revoked_at=timezone.now())
    assert (
        citizen.get("/api/v1/staff/reports", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code
        == 401
    )
