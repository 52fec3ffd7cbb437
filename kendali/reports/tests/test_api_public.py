"""Public reads: tracking by ticket, the public list and map. No personal data, ever."""

from kendali.reports import actions


def test_tracking_shows_the_public_timeline(world, citizen, disposed_report, operator):
    actions.add_update(disposed_report, operator, body="Catatan internal rahasia", is_public=False)
    data = citizen.get(f"/api/v1/reports/{disposed_report.ticket}").json()
    assert data["status"] == "dispositioned"
    assert data["agency"]["code"] == "dpu"
    assert [u["status"] for u in data["updates"]] == ["submitted", "verified", "dispositioned"]
    assert "Catatan internal rahasia" not in str(data)
    # Who reported is never public: neither the contact nor the name.
    assert "reporter" not in data
    assert "rahasia.pelapor" not in str(data) and "Zzyzx" not in str(data)


def test_tracking_accepts_the_ticket_as_typed(world, citizen, disposed_report):
    assert (
        citizen.get(
            f"/api/v1/reports/{disposed_report.ticket.lower().replace('-', '')}"
        ).status_code
        == 200
    )


def test_an_unknown_ticket_is_404(world, citizen):
    response = citizen.get("/api/v1/reports/ZZZZ-ZZZZ")
    assert response.status_code == 404
    assert response.json()["detail"]
    assert citizen.get("/api/v1/reports/<script>").status_code == 404


def test_anonymous_reports_hide_the_reporter_from_the_agency_too(
    world, citizen, make_report, operator, officer_a
):
    from conftest import bearer
    from kendali.reports import actions as report_actions

    report = make_report(anonymous=True)
    report_actions.verify_report(report, operator)
    report_actions.dispose_report(report, operator, agency=world.agency_a)
    url = f"/api/v1/staff/reports/{report.ticket}"
    assert (
        citizen.get(url, **bearer(operator)).json()["reporter"]["name"] == "Pelapor Rahasia Zzyzx"
    )
    assert citizen.get(url, **bearer(officer_a)).json()["reporter"] is None


def test_a_confidential_report_shows_only_status_to_the_ticket_holder(
    world, citizen, make_report, operator
):
    report = make_report(confidential=True)
    actions.verify_report(report, operator)
    data = citizen.get(f"/api/v1/reports/{report.ticket}").json()
    assert data["confidential"] is True
    assert data["description"] is None and data["latitude"] is None
    listed = citizen.get("/api/v1/reports").json()["items"]
    assert report.ticket not in {item["ticket"] for item in listed}
    features = citizen.get("/api/v1/map/reports").json()["features"]
    assert report.ticket not in {f["properties"]["ticket"] for f in features}


def test_the_public_list_shows_only_verified_reports(world, citizen, make_report, disposed_report):
    fresh = make_report()
    tickets = {item["ticket"] for item in citizen.get("/api/v1/reports").json()["items"]}
    assert disposed_report.ticket in tickets and fresh.ticket not in tickets


def test_the_public_list_pages_with_a_cursor(world, citizen, make_report, operator):
    for _ in range(5):
        actions.verify_report(make_report(), operator)
    first = citizen.get("/api/v1/reports?limit=2").json()
    second = citizen.get(f"/api/v1/reports?limit=2&cursor={first['next_cursor']}").json()
    third = citizen.get(f"/api/v1/reports?limit=2&cursor={second['next_cursor']}").json()
    tickets = [i["ticket"] for page in (first, second, third) for i in page["items"]]
    assert len(tickets) == len(set(tickets)) == 5
    assert third["next_cursor"] is None


def test_bad_list_parameters_are_400(world, citizen):
    assert citizen.get("/api/v1/reports?cursor=garbage").status_code == 400
    assert citizen.get("/api/v1/reports?limit=100000").status_code == 400
    assert citizen.get("/api/v1/reports?status=rejected").status_code == 400
    assert citizen.get("/api/v1/reports?since=yesterday").status_code == 400


def test_filters(world, citizen, make_report, operator):
    actions.verify_report(make_report(), operator)
    actions.verify_report(make_report(category="sampah"), operator)
    items = citizen.get("/api/v1/reports?category=sampah").json()["items"]
    assert [i["category"]["code"] for i in items] == ["sampah"]
    assert len(citizen.get("/api/v1/reports?area=barat").json()["items"]) == 2
    assert len(citizen.get("/api/v1/reports?area=timur").json()["items"]) == 0


def test_categories_and_areas_are_public(world, citizen):
    categories = citizen.get("/api/v1/categories").json()
    assert {c["code"] for c in categories} == {"jalan-rusak", "sampah", "banjir"}
    english = citizen.get("/api/v1/categories", HTTP_ACCEPT_LANGUAGE="en").json()
    assert {c["name"] for c in english} >= {"Damaged road"}
    areas = citizen.get("/api/v1/areas?level=kecamatan").json()
    assert {a["code"] for a in areas} == {"barat", "timur"}
    geo = citizen.get("/api/v1/map/areas?parent=barat").json()
    assert len(geo["features"]) == 2
