from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import jpeg_bytes
from kendali.reports import actions


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_queue_lists_open_reports_with_filters(world, operator, make_report, disposed_report):
    road = make_report()
    rubbish = make_report(category="sampah")
    client = login(operator)
    content = client.get("/console/").content.decode()
    assert (
        road.ticket in content and rubbish.ticket in content and disposed_report.ticket in content
    )
    filtered = client.get("/console/", {"category": "sampah"}).content.decode()
    assert rubbish.ticket in filtered and road.ticket not in filtered
    by_agency = client.get("/console/", {"agency": "none"}).content.decode()
    assert disposed_report.ticket not in by_agency and road.ticket in by_agency
    searched = client.get("/console/", {"q": rubbish.ticket}).content.decode()
    assert rubbish.ticket in searched and road.ticket not in searched


def test_htmx_gets_only_the_table(world, operator, make_report):
    make_report()
    response = login(operator).get("/console/", HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<div id="queue"')


def test_the_queue_query_count_does_not_grow_with_rows(world, operator, make_report):
    client = login(operator)
    make_report()
    with CaptureQueriesContext(connection) as few:
        client.get("/console/")
    for _ in range(15):
        make_report()
    with CaptureQueriesContext(connection) as many:
        client.get("/console/")
    assert len(many) == len(few)
    assert len(many) <= 12


def test_an_officer_sees_only_the_agency_queue(
    world, officer_a, officer_b, disposed_report, make_report
):
    other = make_report(category="sampah")
    content = login(officer_a).get("/console/").content.decode()
    assert disposed_report.ticket in content and other.ticket not in content
    assert disposed_report.ticket not in login(officer_b).get("/console/").content.decode()


def test_another_agency_gets_404_on_detail_action_and_photo(world, officer_b, disposed_report):
    client = login(officer_b)
    assert client.get(f"/console/laporan/{disposed_report.ticket}/").status_code == 404
    response = client.post(
        f"/console/laporan/{disposed_report.ticket}/resolve/", {"note": "selesai"}
    )
    assert response.status_code == 404
    disposed_report.refresh_from_db()
    assert disposed_report.status == "dispositioned"


def test_the_operator_verifies_and_disposes_from_the_detail_page(world, operator, make_report):
    report = make_report()
    client = login(operator)
    page = client.get(f"/console/laporan/{report.ticket}/").content.decode()
    assert "rahasia.pelapor.7731@example.org" in page  # the operator may call the reporter
    assert client.post(f"/console/laporan/{report.ticket}/verify/", {"note": ""}).status_code == 302
    response = client.post(f"/console/laporan/{report.ticket}/dispose/", {"agency": "dpu"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "dispositioned" and report.agency == world.agency_a


def test_the_officer_resolves_with_a_note_and_a_photo(world, officer_a, disposed_report):
    client = login(officer_a)
    client.post(f"/console/laporan/{disposed_report.ticket}/start/", {"note": ""})
    photo = SimpleUploadedFile("hasil.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(
        f"/console/laporan/{disposed_report.ticket}/resolve/",
        {"note": "Sudah ditambal.", "photos": [photo]},
    )
    assert response.status_code == 302
    disposed_report.refresh_from_db()
    assert disposed_report.status == "resolved"
    key = disposed_report.attachments.get().access_key
    assert client.get(f"/console/foto/{key}/").status_code == 200


def test_a_wrong_state_answers_409_on_the_page(world, supervisor, make_report, operator):
    report = make_report()
    actions.reject_report(report, operator, reason="Di luar kota.")
    response = login(supervisor).post(f"/console/laporan/{report.ticket}/resolve/", {"note": "x"})
    assert response.status_code == 409
    assert "Ditolak" in response.content.decode()


def test_a_missing_reason_answers_400_on_the_page(world, operator, make_report):
    report = make_report()
    response = login(operator).post(f"/console/laporan/{report.ticket}/reject/", {"reason": ""})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == "submitted"


def test_read_only_roles_see_no_actions_and_no_contact(world, executive, disposed_report):
    page = login(executive).get(f"/console/laporan/{disposed_report.ticket}/").content.decode()
    assert "rahasia.pelapor" not in page
    assert 'action="/console/laporan/' not in page


def test_nearby_reports_are_suggested_as_duplicates(world, operator, make_report):
    first = make_report()
    second = make_report(latitude=-6.9251, longitude=107.5751)
    page = login(operator).get(f"/console/laporan/{second.ticket}/").content.decode()
    assert first.ticket in page


def test_an_unknown_action_is_404(world, operator, make_report):
    report = make_report()
    assert login(operator).post(f"/console/laporan/{report.ticket}/explode/").status_code == 404


def test_the_map_page_and_its_data(world, operator, disposed_report):
    client = login(operator)
    assert client.get("/console/peta/").status_code == 200
    features = client.get("/api/v1/staff/map/reports").json()["features"]
    assert [f["properties"]["ticket"] for f in features] == [disposed_report.ticket]


def test_the_console_is_indonesian_unless_the_person_chose_otherwise(world, operator):
    client = login(operator)
    assert (
        "Antrean laporan" in client.get("/console/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    )
    client.post("/i18n/setlang/", {"language": "en", "next": "/console/"})
    assert "Report queue" in client.get("/console/").content.decode()


def test_the_queue_puts_urgent_reports_first(world, operator, make_report):
    from kendali.reports import actions as report_actions

    urgent = make_report()
    report_actions.change_priority(urgent, operator, priority="urgent")
    newer = make_report()
    content = login(operator).get("/console/").content.decode()
    assert content.index(urgent.ticket) < content.index(newer.ticket)
    by_time = login(operator).get("/console/", {"sort": "terbaru"}).content.decode()
    assert by_time.index(newer.ticket) < by_time.index(urgent.ticket)
