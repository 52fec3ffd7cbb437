"""Every time a person is shown who reported (the console's report page, the staff API's
answer), the audit log says who saw which fields of which report, never the values."""

from django.test import Client

from conftest import SECRET_CONTACT, SECRET_NAME, bearer
from kendali.audit.models import AuditEntry


def views():
    return AuditEntry.objects.filter(action="report.reporter_viewed")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_console_page_records_the_view(world, operator, make_report):
    report = make_report()
    page = signed_in(operator).get(f"/console/laporan/{report.ticket}/")
    assert SECRET_CONTACT in page.content.decode()
    entry = views().get()
    assert entry.actor_id == operator.pk and entry.object_id == str(report.pk)
    assert entry.source == "console" and entry.after == {"fields": ["name", "contact"]}
    assert SECRET_CONTACT not in str(entry.after) + entry.object_repr
    assert SECRET_NAME not in str(entry.after) + entry.object_repr


def test_the_staff_api_records_the_view(world, citizen, operator, make_report):
    report = make_report()
    answer = citizen.get(f"/api/v1/staff/reports/{report.ticket}", **bearer(operator)).json()
    assert answer["reporter"]["contact"] == SECRET_CONTACT
    entry = views().get()
    assert entry.source == "api" and entry.actor_id == operator.pk


def test_no_row_when_nothing_is_shown(world, citizen, executive, operator, make_report):
    report = make_report()
    signed_in(executive).get(f"/console/laporan/{report.ticket}/")
    citizen.get(f"/api/v1/staff/reports/{report.ticket}", **bearer(executive))
    assert not views().exists()
    silent = make_report(reporter_name="", reporter_contact="")
    signed_in(operator).get(f"/console/laporan/{silent.ticket}/")
    assert not views().exists()


def test_only_the_shown_fields_are_named(world, operator, make_report):
    report = make_report(reporter_name="")
    signed_in(operator).get(f"/console/laporan/{report.ticket}/")
    assert views().get().after == {"fields": ["contact"]}
