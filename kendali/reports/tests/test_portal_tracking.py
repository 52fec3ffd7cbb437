from kendali.reports import actions


def test_tracking_by_ticket_shows_status_and_public_timeline(
    world, citizen, disposed_report, officer_a
):
    actions.start_work(disposed_report, officer_a)
    actions.resolve_report(disposed_report, officer_a, note="Lubang sudah ditambal.")
    actions.add_update(
        disposed_report, officer_a, body="Biaya Rp 2 juta dari pos darurat", is_public=False
    )
    content = citizen.get(f"/lacak/{disposed_report.ticket}/").content.decode()
    assert "Selesai ditangani" in content
    assert "Lubang sudah ditambal." in content
    assert "Biaya Rp 2 juta" not in content


def test_the_track_form_redirects_to_the_ticket(world, citizen, disposed_report):
    typed = disposed_report.ticket.lower().replace("-", " ")
    response = citizen.get("/lacak/", {"ticket": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/lacak/{disposed_report.ticket}/"


def test_an_unknown_ticket_says_so(world, citizen):
    response = citizen.get("/lacak/", {"ticket": "ZZZZ-ZZZZ"})
    assert response.status_code == 404
    assert "Tiket tidak ditemukan" in response.content.decode()
    assert citizen.get("/lacak/ZZZZ-ZZZZ/").status_code == 404


def test_public_photos_are_served_only_once_verified_and_never_for_confidential_reports(
    world, citizen, operator
):
    from conftest import jpeg_bytes, new_report
    from kendali.lib.images import CleanImage

    photo = CleanImage(jpeg_bytes(), 64, 48)
    open_report = actions.create_report(new_report(world), channel="web", photos=[photo])
    secret_report = actions.create_report(
        new_report(world, confidential=True), channel="web", photos=[photo]
    )
    open_key = open_report.attachments.get().access_key
    secret_key = secret_report.attachments.get().access_key
    assert citizen.get(f"/foto/{open_key}/").status_code == 404  # not moderated yet
    actions.verify_report(open_report, operator)
    actions.verify_report(secret_report, operator)
    response = citizen.get(f"/foto/{open_key}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert citizen.get(f"/foto/{secret_key}/").status_code == 404
    assert citizen.get("/foto/not-a-key/").status_code == 404
    actions.reject_report(open_report, operator, reason="Bukan wilayah kota.")
    assert citizen.get(f"/foto/{open_key}/").status_code == 404


def test_staff_fetch_photos_with_a_token(world, citizen, operator, officer_b):
    from conftest import bearer, jpeg_bytes, new_report
    from kendali.lib.images import CleanImage

    report = actions.create_report(
        new_report(world), channel="web", photos=[CleanImage(jpeg_bytes(), 64, 48)]
    )
    url = citizen.get(f"/api/v1/staff/reports/{report.ticket}", **bearer(operator)).json()[
        "photos"
    ][0]["url"]
    assert citizen.get(url, **bearer(operator)).status_code == 200
    assert citizen.get(url, **bearer(officer_b)).status_code == 404
    assert citizen.get(url).status_code == 401
