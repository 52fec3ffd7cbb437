"""The report form on the public website, used without JavaScript."""

from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import INSIDE_EAST, OUTSIDE, jpeg_bytes
from kendali.reports.models import Report


def form(**overrides):
    data = {
        "category": "sampah",
        "description": "Sampah menumpuk di pinggir jalan sejak Senin.",
        "address": "Jl. Melati depan masjid",
        "area": "timur-satu",
        "reporter_name": "Siti",
        "reporter_contact": "siti@example.org",
    }
    data.update(overrides)
    return data


def test_a_citizen_files_a_report_without_javascript(world, citizen):
    response = citizen.post("/lapor/", data=form())
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/lapor/terima-kasih/{report.ticket}/"
    assert report.channel == "web" and report.area.code == "timur-satu" and report.latitude is None
    thanks = citizen.get(response["Location"])
    assert report.ticket.encode() in thanks.content


def test_a_map_pin_sets_the_area(world, citizen):
    citizen.post("/lapor/", data=form(area="", latitude=INSIDE_EAST[0], longitude=INSIDE_EAST[1]))
    assert Report.objects.get().area.code == "timur-satu"


def test_a_photo_is_accepted(world, citizen):
    photo = SimpleUploadedFile("foto.jpg", jpeg_bytes(), content_type="image/jpeg")
    citizen.post("/lapor/", data=form(photos=[photo]))
    assert Report.objects.get().attachments.count() == 1


def test_errors_are_shown_in_indonesian_and_the_input_is_kept(world, citizen):
    response = citizen.post(
        "/lapor/", data=form(category="", description="Rusak", address="", area="")
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Laporan belum terkirim" in content
    assert "Pilih kategori laporan." in content or "Bidang ini tidak boleh kosong." in content
    assert 'value="Siti"' in content
    assert Report.objects.count() == 0


def test_english_errors_on_the_english_form(world, citizen):
    response = citizen.post(
        "/en/lapor/", data=form(latitude=OUTSIDE[0], longitude=OUTSIDE[1], area="")
    )
    assert response.status_code == 400
    assert "outside the city" in response.content.decode()


def test_a_bad_photo_is_refused_with_a_message(world, citizen):
    fake = SimpleUploadedFile("x.jpg", b"GIF89a not really", content_type="image/jpeg")
    response = citizen.post("/lapor/", data=form(photos=[fake]))
    assert response.status_code == 400
    assert "Foto 1" in response.content.decode()
    assert Report.objects.count() == 0


def test_hostile_text_is_shown_escaped(world, citizen, operator):
    from kendali.reports import actions

    citizen.post("/lapor/", data=form(description='<script>alert("x")</script> sampah menumpuk'))
    report = Report.objects.get()
    actions.verify_report(report, operator)
    for path in (f"/lacak/{report.ticket}/", "/laporan/"):
        content = citizen.get(path).content.decode()
        assert '<script>alert("x")</script>' not in content
        assert "&lt;script&gt;" in content


def test_bots_filling_the_hidden_field_are_refused(world, citizen):
    response = citizen.post("/lapor/", data=form(website="http://spam.example"))
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_the_form_is_rate_limited(world, citizen, settings):
    settings.REPORT_RATE = "2/m"
    codes = [citizen.post("/lapor/", data=form()).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_an_address_alone_or_an_area_alone_is_enough_on_the_form(world, citizen):
    assert citizen.post("/lapor/", data=form(area="")).status_code == 302
    assert citizen.post("/lapor/", data=form(address="")).status_code == 302
    response = citizen.post("/lapor/", data=form(address="", area=""))
    assert response.status_code == 400
    assert "Tandai lokasi di peta" in response.content.decode()


def test_chosen_photos_are_not_silently_lost_on_an_error(world, citizen):
    photo = SimpleUploadedFile("foto.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = citizen.post("/lapor/", data=form(description="x", photos=[photo]))
    assert response.status_code == 400
    assert "pilih lagi" in response.content.decode()
