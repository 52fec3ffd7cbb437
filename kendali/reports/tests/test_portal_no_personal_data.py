"""Seed a recognisable name and contact, then search every public page and API answer for
either: who reported a problem is never public."""

import json
import re

from conftest import SECRET_CONTACT, SECRET_NAME, jpeg_bytes, new_report
from kendali.lib.images import CleanImage
from kendali.reports import actions


def public_responses(client, tickets):
    paths = ["/", "/laporan/", "/peta/", "/kategori/", "/tentang/", "/lapor/", "/lacak/"]
    paths += ["/en/", "/en/laporan/", "/su/laporan/"]
    paths += [f"/lacak/{t}/" for t in tickets] + [f"/en/lacak/{t}/" for t in tickets]
    paths += [f"/lapor/terima-kasih/{t}/" for t in tickets]
    paths += ["/api/v1/reports", "/api/v1/map/reports", "/api/v1/categories", "/api/v1/areas"]
    paths += ["/api/v1/map/areas", "/api/v1/openapi.json", "/api/v1/agencies"]
    paths += [f"/api/v1/reports/{t}" for t in tickets]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        yield path, response.content.decode()


def test_no_public_page_or_api_answer_carries_reporter_contact(world, citizen, operator, officer_a):
    photo = CleanImage(jpeg_bytes(), 64, 48)
    named = actions.create_report(new_report(world), channel="web", photos=[photo])
    anonymous = actions.create_report(new_report(world, anonymous=True), channel="api")
    confidential = actions.create_report(new_report(world, confidential=True), channel="web")
    for report in (named, anonymous, confidential):
        actions.verify_report(report, operator)
        actions.dispose_report(report, operator, agency=world.agency_a)
        actions.resolve_report(report, officer_a, note="Selesai ditangani petugas.")
    tickets = [named.ticket, anonymous.ticket, confidential.ticket]
    checked = 0
    for path, body in public_responses(citizen, tickets):
        assert SECRET_CONTACT not in body, path
        assert "7731" not in body, path
        assert SECRET_NAME not in body, path
        checked += 1
    assert checked > 25
    # Photo links on public pages lead to files, never to personal data either.
    for key in re.findall(
        r"/foto/([\w-]+)/", json.dumps([b for _p, b in public_responses(citizen, tickets)])
    ):
        assert citizen.get(f"/foto/{key}/").status_code == 200


def test_errors_never_echo_the_contact(world, citizen):
    response = citizen.post(
        "/api/v1/reports",
        data=json.dumps(
            {"category": "nope", "description": "x", "reporter_contact": SECRET_CONTACT}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert SECRET_CONTACT not in response.content.decode()
    page = citizen.post("/lapor/", data={"category": "nope", "reporter_contact": SECRET_CONTACT})
    assert page.status_code == 400
    # The form keeps what the person typed in its own input, and nowhere else.
    assert page.content.decode().count(SECRET_CONTACT) == 1
