"""An operator marks a report's description publishable from the console detail page."""

from __future__ import annotations

from kendali.audit.models import AuditEntry


def test_an_operator_marks_a_description_public_in_the_console(client, operator, make_report):
    report = make_report()
    client.force_login(operator)
    page = client.get(f"/console/laporan/{report.ticket}/").content.decode()
    assert 'id="publish-description"' in page
    response = client.post(
        f"/console/laporan/{report.ticket}/publish_description/", {"public": "on"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.description_is_public
    assert AuditEntry.objects.filter(action="report.publish_description").count() == 1
    client.post(f"/console/laporan/{report.ticket}/publish_description/", {})
    report.refresh_from_db()
    assert not report.description_is_public


def test_agency_staff_cannot_mark_it(client, disposed_report, officer_a):
    client.force_login(officer_a)
    page = client.get(f"/console/laporan/{disposed_report.ticket}/").content.decode()
    assert 'id="publish-description"' not in page
    response = client.post(
        f"/console/laporan/{disposed_report.ticket}/publish_description/", {"public": "on"}
    )
    assert response.status_code == 403
    disposed_report.refresh_from_db()
    assert not disposed_report.description_is_public
