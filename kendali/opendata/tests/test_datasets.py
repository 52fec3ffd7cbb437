"""The automatic datasets: anonymised reports, daily statistics, warnings."""

from __future__ import annotations

import csv
import io
import json

from conftest import SECRET_CONTACT, SECRET_NAME
from kendali.opendata.actions import refresh_daily_stats
from kendali.opendata.models import DailyStat, Dataset
from kendali.reports import actions


def download(client, name, fmt="CSV"):
    dataset = Dataset.objects.get(name=name)
    resource = dataset.resources.get(format=fmt)
    response = client.get(f"/dataset/{name}/resource/{resource.uuid}/download/{resource.filename}")
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_the_automatic_datasets_exist_after_a_refresh(datasets):
    names = set(Dataset.objects.values_list("name", flat=True))
    assert names == {
        "laporan-warga",
        "statistik-harian-laporan",
        "peringatan-publik",
        "katalog-sop",
    }
    assert Dataset.objects.get(name="laporan-warga").row_count == 2


def test_reports_are_anonymised(client, datasets, public_reports, operator):
    shown, anonymous, secret = public_reports
    response, body = download(client, "laporan-warga")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body.decode()
    assert SECRET_CONTACT not in text and SECRET_NAME not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["ticket"] for r in rows} == {shown.ticket, anonymous.ticket}
    assert secret.ticket not in text
    for row in rows:
        assert row["description"] == ""  # withheld until an operator marks it public
        assert len(row["latitude"].split(".")[1]) <= 3 and len(row["longitude"].split(".")[1]) <= 3
        assert row["created_at"].endswith("+07:00")
        assert "reporter" not in " ".join(row)
    by_ticket = {r["ticket"]: r for r in rows}
    assert by_ticket[shown.ticket]["kecamatan_code"] == "barat"
    assert by_ticket[shown.ticket]["kelurahan_code"].startswith("barat-")
    assert by_ticket[anonymous.ticket]["agency_code"] == "dlh"


def test_a_description_marked_public_is_published_safely(
    client, datasets, public_reports, operator
):
    shown = public_reports[0]
    actions.set_description_public(shown, operator, public=True)
    _response, body = download(client, "laporan-warga")
    rows = {r["ticket"]: r for r in csv.DictReader(io.StringIO(body.decode()))}
    # A formula in free text is neutralised for spreadsheets.
    assert rows[shown.ticket]["description"].startswith("'=HYPERLINK")


def test_only_center_staff_mark_a_description_public(public_reports, officer_a):
    import pytest

    from kendali.lib.errors import NotAllowed

    with pytest.raises(NotAllowed):
        actions.set_description_public(public_reports[0], officer_a, public=True)


def test_reports_as_geojson(client, datasets, public_reports):
    response, body = download(client, "laporan-warga", "GeoJSON")
    assert response["Content-Type"].startswith("application/geo+json")
    collection = json.loads(body)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2
    feature = collection["features"][0]
    assert feature["geometry"]["type"] == "Point"
    assert SECRET_CONTACT not in body.decode()


def test_daily_statistics_count_received_and_resolved(datasets, public_reports, world, officer_b):
    anonymous = public_reports[1]
    actions.resolve_report(anonymous, officer_b, note="Sudah diangkut.")
    refresh_daily_stats()
    rows = list(DailyStat.objects.select_related("category"))
    assert sum(r.received for r in rows) == 3  # confidential reports are left out
    assert sum(r.resolved for r in rows) == 1
    rubbish = [r for r in rows if r.category.code == "sampah"]
    assert rubbish[0].area.code == "barat"  # counted per kecamatan


def test_downloads_are_counted(client, datasets):
    download(client, "statistik-harian-laporan")
    download(client, "statistik-harian-laporan")
    page = client.get("/data/statistik-harian-laporan/").content.decode()
    assert 'id="download-count">2<' in page


def test_an_unpublished_dataset_is_gone(client, datasets, supervisor):
    from kendali.opendata.actions import set_published

    dataset = Dataset.objects.get(name="peringatan-publik")
    set_published(dataset, supervisor, published=False)
    assert client.get("/data/peringatan-publik/").status_code == 404
    resource = dataset.resources.get()
    url = f"/dataset/peringatan-publik/resource/{resource.uuid}/download/x.csv"
    assert client.get(url).status_code == 404


def test_the_portal_pages_show_licence_frequency_and_preview(client, datasets, public_reports):
    listing = client.get("/data/").content.decode()
    assert "Laporan warga (anonim)" in listing
    page = client.get("/data/laporan-warga/").content.decode()
    assert "Creative Commons Atribusi 4.0" in page
    assert 'id="frequency">Terus-menerus<' in page
    assert 'id="preview"' in page and public_reports[0].ticket in page
    assert SECRET_CONTACT not in page


def test_too_many_downloads_at_once_wait(client, datasets, monkeypatch):
    from kendali.lib.streaming import Slots
    from kendali.opendata import views  # downloads stay machine views

    monkeypatch.setattr(views, "DOWNLOAD_SLOTS", Slots(1))
    held = views.DOWNLOAD_SLOTS.take(iter([b"x"]))
    dataset = Dataset.objects.get(name="laporan-warga")
    resource = dataset.resources.get(format="CSV")
    response = client.get(f"/dataset/laporan-warga/resource/{resource.uuid}/download/x.csv")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    held.close()
    assert (
        client.get(f"/dataset/laporan-warga/resource/{resource.uuid}/download/x.csv").status_code
        == 200
    )


def test_the_sop_catalogue_lists_only_sops_in_force(client, procedures, operator):
    import csv
    import io

    from kendali.opendata.actions import refresh_all
    from kendali.sops import actions as sop_actions

    sop_actions.create_sop(operator, code="sop-draf", title="Masih draf", category_codes=[])
    refresh_all()
    assert Dataset.objects.get(name="katalog-sop").row_count == 1
    _response, body = download(client, "katalog-sop")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [row["code"] for row in rows] == ["sop-jalan"]
    row = rows[0]
    assert row["version"] == "1" and row["steps"] == "6" and row["categories"] == "jalan-rusak"
    assert row["time_limit_minutes_total"] == str(240 + 480 + 120 + 2400)
    assert row["pdf_url"] == "http://testserver/sop/sop-jalan/pdf/"


def test_the_warnings_dataset_links_each_cap_document(client, world, operator, supervisor):
    import csv
    import io

    from kendali.opendata.actions import refresh_all
    from kendali.warnings import actions as warning_actions
    from kendali.warnings.tests.conftest import flood_draft

    draft = warning_actions.draft_warning(operator, flood_draft())
    warning = warning_actions.publish_warning(draft, supervisor, site_url="http://testserver")
    refresh_all()
    _response, body = download(client, "peringatan-publik")
    (row,) = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert row["identifier"] == warning.identifier
    assert row["cap_url"].startswith("http://testserver/warnings/")
    assert client.get(row["cap_url"].removeprefix("http://testserver")).status_code == 200


def test_the_dataset_list_searches_titles_in_every_language(client, datasets):
    Dataset.objects.filter(name="katalog-sop").update(title_su="Katalog prosedur dayeuh")
    page = client.get("/su/data/", {"q": "prosedur dayeuh"}).content.decode()
    assert "katalog-sop" in page and "laporan-warga" not in page
    assert client.get("/data/", {"q": "laporan"}).status_code == 200
