"""Datasets the admin uploads: CSV, GeoJSON, XLSX; bad files refused with a message, nothing
stored."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kendali.opendata.models import Dataset, Resource

CSV = "nama,kecamatan,kapasitas\nPos Damkar Sukajadi,Sukajadi,12\nPos Damkar Cicaheum,Kiaracondong,8\n"
GEOJSON = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [107.6, -6.9]},
                "properties": {"nama": "Taman Lansia"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [107.61, -6.91]},
                "properties": {"nama": "Taman Musik", "luas": 2000},
            },
        ],
    }
)


def xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["sekolah", "murid"])
    sheet.append(["SDN 1", 320])
    sheet.append(["SDN 2", 280])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, name, content, **fields):
    data = {
        "title_ind": fields.pop("title_ind", "Pos pemadam kebakaran"),
        "licence": "cc-by-4.0",
        "frequency": "ANNUAL",
        "theme": "GOVE",
        **fields,
    }
    data["file"] = SimpleUploadedFile(name, content)
    return client.post("/console/data/unggah/", data)


@pytest.mark.parametrize(
    ("filename", "content", "formats", "rows"),
    [
        ("pos.csv", CSV.encode(), ["CSV"], 2),
        ("pos;.csv", CSV.replace(",", ";").encode(), ["CSV"], 2),
        ("taman.geojson", GEOJSON.encode(), ["GeoJSON"], 2),
        ("sekolah.xlsx", xlsx(), ["CSV", "XLSX"], 2),
    ],
)
def test_an_admin_uploads_a_dataset(client, supervisor, filename, content, formats, rows):
    client.force_login(supervisor)
    response = upload(client, filename, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    dataset = Dataset.objects.get()
    assert dataset.kind == "upload" and dataset.row_count == rows
    assert [r.format for r in dataset.resources.all()] == formats
    csv_resource = dataset.resources.first()
    body = b"".join(
        client.get(
            f"/dataset/{dataset.name}/resource/{csv_resource.uuid}/download/{csv_resource.filename}"
        ).streaming_content
    )
    if formats[0] == "CSV":
        assert body.decode().splitlines()[0].count(",") >= 1
    page = client.get(f"/data/{dataset.name}/").content.decode()
    assert 'id="preview"' in page


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("pos.csv", b"nama,kecamatan\nA,B,C\n", "Baris 2 punya 3 kolom"),
        ("pos.csv", "nama\nSukajadi\xff".encode("latin-1"), "UTF-8"),
        ("pos.csv", b"", "kosong"),
        ("taman.geojson", b'{"type": "Point", "coordinates": [1, 2]}', "FeatureCollection"),
        ("taman.geojson", b"{nope", "tidak bisa dibaca"),
        ("sekolah.xlsx", b"PK not really a workbook", "XLSX tidak bisa dibaca"),
        ("data.pdf", b"%PDF-1.4", "Format tidak didukung"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    client, supervisor, filename, content, message
):
    client.force_login(supervisor)
    response = upload(client, filename, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dataset.objects.exists() and not Resource.objects.exists()


def test_a_duplicate_name_is_refused(client, supervisor):
    client.force_login(supervisor)
    assert upload(client, "pos.csv", CSV.encode()).status_code == 302
    response = upload(client, "pos.csv", CSV.encode())
    assert response.status_code == 400 and "sudah dipakai" in response.content.decode()
    assert Dataset.objects.count() == 1


def test_operators_and_agencies_cannot_upload(client, operator, officer_a):
    for user in (operator, officer_a):
        client.force_login(user)
        assert upload(client, "pos.csv", CSV.encode()).status_code == 404
    assert not Dataset.objects.exists()


def test_the_console_lists_datasets_and_refreshes(client, supervisor, datasets):
    client.force_login(supervisor)
    page = client.get("/console/data/").content.decode()
    assert "laporan-warga" in page and 'id="upload-form"' in page
    assert client.post("/console/data/perbarui/").status_code == 302
