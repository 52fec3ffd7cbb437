"""mySociety's servicerequestupdates: public updates out; trusted integrations post in."""

from __future__ import annotations

from typing import Any

from lxml import etree

from kendali.open311.actions import issue_api_key
from kendali.reports import actions
from kendali.reports.models import Update


def test_public_updates_are_listed_newest_first(client, make_report, operator, world, officer_a):
    report = make_report()
    actions.verify_report(report, operator)
    actions.dispose_report(report, operator, agency=world.agency_a)
    actions.add_update(report, officer_a, body="Catatan internal", is_public=False)
    actions.add_update(report, officer_a, body="Tim menuju lokasi.", is_public=True)
    rows = client.get("/open311/v2/servicerequestupdates.json").json()
    assert rows[0]["description"] == "Tim menuju lokasi."
    assert rows[0]["service_request_id"] == report.ticket
    assert rows[0]["status"] == "OPEN"
    assert "Catatan internal" not in str(rows)
    root = etree.fromstring(client.get("/open311/v2/servicerequestupdates.xml").content)
    assert root.tag == "service_request_updates"
    assert root.findtext("request_update/update_id") == rows[0]["update_id"]


def test_a_trusted_integration_posts_a_public_update(
    client, make_report, operator, world, supervisor, officer_a
):
    report = make_report()
    actions.verify_report(report, operator)
    actions.dispose_report(report, operator, agency=world.agency_a)
    _key, secret = issue_api_key(supervisor, name="Sistem DPU", update_user=officer_a)
    response = client.post(
        "/open311/v2/servicerequestupdates.xml",
        {"api_key": secret, "service_request_id": report.ticket, "description": "Aspal dipesan."},
    )
    assert response.status_code == 201, response.content
    update_id = etree.fromstring(response.content).findtext("request_update/update_id")
    update = Update.objects.get(pk=update_id)
    assert update.is_public and update.body == "Aspal dipesan." and update.author == officer_a


def refused(response: Any, status: int) -> None:
    assert response.status_code == status, response.content
    assert response.json()[0]["code"] == status


def test_an_untrusted_key_or_another_agency_may_not_post(
    client, make_report, operator, world, supervisor, officer_b
):
    report = make_report()
    actions.verify_report(report, operator)
    actions.dispose_report(report, operator, agency=world.agency_a)
    count = Update.objects.count()
    _plain, plain = issue_api_key(supervisor, name="Aplikasi")
    data = {"service_request_id": report.ticket, "description": "Halo"}
    refused(client.post("/open311/v2/servicerequestupdates.json", {**data, "api_key": plain}), 403)
    _other, other = issue_api_key(supervisor, name="Sistem DLH", update_user=officer_b)
    refused(client.post("/open311/v2/servicerequestupdates.json", {**data, "api_key": other}), 403)
    refused(client.post("/open311/v2/servicerequestupdates.json", data), 403)
    assert Update.objects.count() == count


def test_an_unknown_request_is_404(client, world, supervisor, operator):
    _key, secret = issue_api_key(supervisor, name="Pusat", update_user=operator)
    response = client.post(
        "/open311/v2/servicerequestupdates.json",
        {"api_key": secret, "service_request_id": "ZZZZ-ZZZZ", "description": "Halo"},
    )
    refused(response, 404)
