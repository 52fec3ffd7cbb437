"""Seed a recognisable reporter name and contact, then read every public answer of the open
standards (Open311, warnings, CKAN, DCAT, downloads, dataset pages): neither may appear."""

from __future__ import annotations

import re

from conftest import SECRET_CONTACT, SECRET_NAME, new_report
from kendali.opendata.actions import refresh_all
from kendali.opendata.models import Resource
from kendali.reports import actions
from kendali.warnings import actions as warning_actions
from kendali.warnings.tests.conftest import flood_draft


def body(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_no_open_standard_answer_carries_the_reporter(
    world, client, operator, supervisor, officer_a
):
    reports = [
        actions.create_report(new_report(world, **flags), channel="web")
        for flags in ({}, {"anonymous": True}, {"confidential": True})
    ]
    for report in reports:
        actions.verify_report(report, operator)
        actions.dispose_report(report, operator, agency=world.agency_a)
        actions.add_update(report, officer_a, body="Tim menuju lokasi.", is_public=True)
        actions.set_description_public(report, operator, public=True)
    warning = warning_actions.publish_warning(
        warning_actions.draft_warning(operator, flood_draft()),
        supervisor,
        site_url="http://testserver",
    )
    refresh_all()
    paths = [
        "/open311/v2/discovery.json",
        "/open311/v2/services.xml",
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        "/open311/v2/servicerequestupdates.json",
        "/open311/v2/servicerequestupdates.xml",
        *[f"/open311/v2/requests/{r.ticket}.xml" for r in reports[:2]],
        "/warnings/feed.atom",
        "/warnings/active.geojson",
        f"/warnings/{warning.identifier}.xml",
        "/peringatan/",
        f"/peringatan/{warning.identifier}/",
        "/data/",
        "/data/laporan-warga/",
        "/data/statistik-harian-laporan/",
        "/catalog.jsonld",
        "/catalog.ttl",
        "/catalog.rdf",
        "/dataset/laporan-warga.jsonld",
        "/dataset/laporan-warga.ttl",
        "/api/3/action/package_list",
        "/api/3/action/current_package_list_with_resources",
        "/api/3/action/package_search?q=laporan",
        "/api/3/action/organization_list?all_fields=true",
        "/api/3/action/status_show",
    ]
    for resource in Resource.objects.select_related("dataset"):
        paths.append(
            f"/dataset/{resource.dataset.name}/resource/{resource.uuid}/download/{resource.filename}"
        )
    for path in paths:
        text = body(client, path)
        assert SECRET_CONTACT not in text, path
        assert SECRET_NAME not in text, path
        assert not re.search(r"7731", text), path
    downloads = "".join(body(client, p) for p in paths if "/download/" in p)
    assert reports[0].ticket in downloads and reports[2].ticket not in downloads
