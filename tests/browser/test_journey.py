"""The journey the foundation promises, in a real browser: a citizen reports with a map pin and a
photo; an operator sees it arrive live, verifies it and disposes it to the routed agency; that
agency's officer resolves it with a note; the citizen's tracking page shows it resolved."""

import re

import pytest
from playwright.sync_api import expect

from conftest import jpeg_bytes
from kendali.reports.models import Report

PASSWORD = "uji-kata-sandi-42"


def login(page, url, user):
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{url}/console/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{url}/console/")


@pytest.mark.django_db(transaction=True)
def test_a_report_travels_from_citizen_to_agency_and_back(
    live_url, world, operator, officer_a, new_page, shots
):
    # The operator is watching the live queue.
    console = new_page()
    login(console, live_url, operator)
    console.wait_for_selector("#live.on")

    # A citizen files a report with a pin on the map and a photo.
    citizen = new_page(width=420, height=900)
    citizen.goto(f"{live_url}/")
    citizen.screenshot(path=str(shots / "portal-home-mobile.png"), full_page=True)
    citizen.get_by_role("link", name="Laporkan masalah").first.click()
    citizen.select_option("#id_category", "jalan-rusak")
    citizen.fill(
        "#id_description", "Jalan berlubang besar di depan SD, sudah tiga hari. Bahaya untuk motor."
    )
    citizen.wait_for_selector("#pick-map .leaflet-interactive")
    pick_map = citizen.locator("#pick-map")
    pick_map.scroll_into_view_if_needed()
    box = pick_map.bounding_box()
    pick_map.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.45})
    expect(citizen.locator("#id_latitude")).not_to_have_value("")
    assert citizen.input_value("#id_area").startswith("barat")
    citizen.fill("#id_address", "Jl. Sekolah depan SD Negeri 1")
    citizen.set_input_files(
        "#id_photos",
        files=[{"name": "lubang.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((800, 600))}],
    )
    citizen.fill("#id_reporter_name", "Warga Uji")
    citizen.fill("#id_reporter_contact", "warga.uji@example.org")
    citizen.get_by_role("button", name="Kirim laporan").click()
    citizen.wait_for_url(re.compile(r".*/lapor/terima-kasih/.*"))
    ticket = citizen.inner_text("#ticket").strip()
    report = Report.objects.get(ticket=ticket)
    assert report.latitude is not None and report.attachments.count() == 1

    # It appears in the operator's queue without a reload.
    row = console.locator(f'tr[data-ticket="{ticket}"]')
    row.wait_for()
    console.screenshot(path=str(shots / "console-queue.png"))
    row.get_by_role("link", name=ticket).click()
    console.wait_for_url(f"**/console/laporan/{ticket}/")
    console.get_by_role("button", name="Verifikasi").click()
    console.wait_for_selector("text=Verifikasi: laporan")
    # Routing preselects the agency for this category and area.
    assert console.input_value("select[name=agency]") == "dpu"
    console.screenshot(path=str(shots / "console-report.png"), full_page=True)
    console.get_by_role("button", name="Disposisikan").click()
    console.wait_for_selector("#status:has-text('Didisposisikan')")

    # The agency's officer starts and resolves it with a note.
    officer = new_page()
    login(officer, live_url, officer_a)
    officer.locator(f'tr[data-ticket="{ticket}"]').get_by_role("link", name=ticket).click()
    officer.get_by_role("button", name="Mulai kerjakan").click()
    officer.wait_for_selector("#status:has-text('Sedang ditangani')")
    officer.fill(
        "form[action$='/resolve/'] textarea[name=note]", "Lubang sudah ditambal oleh tim UPT."
    )
    officer.get_by_role("button", name="Selesaikan").click()
    officer.wait_for_selector("#status:has-text('Selesai ditangani')")

    # The citizen's tracking page shows it resolved, with the public timeline.
    citizen.get_by_role("link", name="Lacak laporan ini").click()
    citizen.wait_for_selector("#status:has-text('Selesai ditangani')")
    timeline = citizen.inner_text("#timeline")
    assert "Lubang sudah ditambal oleh tim UPT." in timeline
    assert "Didisposisikan" in timeline
    assert "warga.uji@example.org" not in citizen.content()
    citizen.screenshot(path=str(shots / "portal-tracking-mobile.png"), full_page=True)
    for page in (console, citizen, officer):
        assert page.js_errors == []


@pytest.mark.django_db(transaction=True)
def test_an_officer_of_another_agency_can_neither_see_nor_change_it(
    live_url, world, disposed_report, officer_b, new_page
):
    page = new_page()
    login(page, live_url, officer_b)
    assert page.locator(f'tr[data-ticket="{disposed_report.ticket}"]').count() == 0
    response = page.goto(f"{live_url}/console/laporan/{disposed_report.ticket}/")
    assert response.status == 404
    token = page.context.cookies()
    csrf = next(c["value"] for c in token if c["name"] == "csrftoken")
    answer = page.request.post(
        f"{live_url}/console/laporan/{disposed_report.ticket}/resolve/",
        form={"note": "Bukan laporan kami tapi coba selesaikan", "csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{live_url}/console/"},
    )
    assert answer.status == 404
    api = page.request.post(
        f"{live_url}/api/v1/reports/{disposed_report.ticket}/start",
        data="{}",
        headers={
            "Content-Type": "application/json",
            "X-CSRFToken": csrf,
            "Referer": f"{live_url}/console/",
        },
    )
    assert api.status == 404
    disposed_report.refresh_from_db()
    assert disposed_report.status == "dispositioned"


@pytest.mark.django_db(transaction=True)
def test_the_public_website_works_without_javascript(live_url, world, browser, shots):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_url}/lapor/")
    page.select_option("#id_category", "sampah")
    page.fill("#id_description", "Sampah menumpuk di pinggir jalan sejak Senin.")
    page.fill("#id_address", "Jl. Melati depan masjid")
    page.select_option("#id_area", "timur-satu")
    page.get_by_role("button", name="Kirim laporan").click()
    page.wait_for_url(re.compile(r".*/lapor/terima-kasih/.*"))
    ticket = page.inner_text("#ticket").strip()
    page.goto(f"{live_url}/lacak/")
    page.fill("#id_ticket", ticket.lower())
    page.get_by_role("button", name="Lacak", exact=True).click()
    page.wait_for_selector("#status:has-text('Baru masuk')")
    context.close()
