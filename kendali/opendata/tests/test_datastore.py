"""CKAN's DataStore API over the automatic datasets and uploaded tables: ckanapi on a live
server, CKAN's answer shape, limits and errors."""

from __future__ import annotations

import io

import pytest
from ckanapi import NotFound, RemoteCKAN, ValidationError
from openpyxl import Workbook

from kendali.opendata import actions, datastore
from kendali.opendata.models import Dataset, DatastoreRow

HALTE = (
    "halte;kecamatan;kapasitas\n"
    "Halte Dago;Coblong;12\n"
    "Halte Cicaheum;Kiaracondong;8\n"
    "\n"
    "Halte Alun-alun;Regol;20\n"
    "Halte Dago Atas;Coblong;6\n"
    "Halte Ledeng;Cidadap;8\n"
)


def upload(supervisor, content: bytes, filename: str, title: str = "Halte bus") -> Dataset:
    meta = actions.UploadMeta(title_ind=title)
    return actions.upload_dataset(supervisor, meta, filename, content)


def resource_of(dataset: Dataset, fmt: str = "CSV") -> str:
    return str(dataset.resources.get(format=fmt).uuid)


def xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["sekolah", "murid"])
    sheet.append(["SDN 1", 320])
    sheet.append(["SDN 2", 280])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_ckanapi_searches_an_automatic_dataset_and_an_upload(
    live_url, datasets, public_reports, supervisor
):
    halte = upload(supervisor, HALTE.encode(), "halte.csv")
    reports = Dataset.objects.get(name="laporan-warga")
    shown, anonymous, _secret = public_reports
    with RemoteCKAN(live_url, user_agent="kendali-test") as ckan:
        found = ckan.action.datastore_search(resource_id=resource_of(reports))
        assert found["total"] == 2 and found["total_was_estimated"] is False
        assert found["fields"][0] == {"id": "_id", "type": "int"}
        assert {r["ticket"] for r in found["records"]} == {shown.ticket, anonymous.ticket}
        assert found["limit"] == 100 and found["offset"] == 0

        only = ckan.action.datastore_search(
            resource_id=resource_of(reports), filters={"category_code": "sampah"}
        )
        assert [r["ticket"] for r in only["records"]] == [anonymous.ticket] and only["total"] == 1
        either = ckan.action.datastore_search(
            resource_id=resource_of(reports), filters={"category_code": ["sampah", "jalan-rusak"]}
        )
        assert either["total"] == 2
        assert (
            ckan.action.datastore_search(resource_id=resource_of(reports), q="Sampah")["total"] == 1
        )
        page = ckan.action.datastore_search(
            resource_id=resource_of(reports),
            sort="ticket desc",
            limit=1,
            offset=1,
            fields=["ticket", "status"],
        )
        assert page["records"] == [
            {"ticket": min(shown.ticket, anonymous.ticket), "status": page["records"][0]["status"]}
        ]
        assert page["total"] == 2 and [f["id"] for f in page["fields"]] == ["ticket", "status"]

        rows = ckan.action.datastore_search(resource_id=resource_of(halte))
        assert rows["total"] == 5
        assert rows["records"][0] == {
            "_id": 1,
            "halte": "Halte Dago",
            "kecamatan": "Coblong",
            "kapasitas": "12",
        }
        coblong = ckan.action.datastore_search(
            resource_id=resource_of(halte), filters={"kecamatan": "Coblong"}, sort="halte desc"
        )
        assert [r["halte"] for r in coblong["records"]] == ["Halte Dago Atas", "Halte Dago"]
        assert ckan.action.datastore_search(resource_id=resource_of(halte), q="dago")["total"] == 2
        by_field = ckan.action.datastore_search(
            resource_id=resource_of(halte), q={"kecamatan": "kiara"}
        )
        assert [r["halte"] for r in by_field["records"]] == ["Halte Cicaheum"]
        second = ckan.action.datastore_search(
            resource_id=resource_of(halte), limit=2, offset=2, sort="_id"
        )
        assert [r["_id"] for r in second["records"]] == [3, 4] and second["total"] == 5
        assert second["_links"]["next"].endswith("offset=4")
        kinds = ckan.action.datastore_search(
            resource_id=resource_of(halte), fields="kecamatan", distinct=True, sort="kecamatan"
        )
        assert [r["kecamatan"] for r in kinds["records"]] == [
            "Cidadap",
            "Coblong",
            "Kiaracondong",
            "Regol",
        ]
        assert kinds["total"] == 4

        info = ckan.action.datastore_info(id=resource_of(halte))
        assert info["meta"]["count"] == 5
        assert [f["id"] for f in info["fields"]] == ["halte", "kecamatan", "kapasitas"]

        with pytest.raises(NotFound):
            ckan.action.datastore_search(resource_id="00000000-0000-0000-0000-000000000000")
        with pytest.raises(ValidationError):
            ckan.action.datastore_search(resource_id=resource_of(halte), filters={"warna": "x"})
        with pytest.raises(ValidationError):
            ckan.action.datastore_search(resource_id=resource_of(halte), sort="warna")
        package = ckan.action.package_show(id=halte.name)
        assert [r["datastore_active"] for r in package["resources"]] == [True]


def test_an_xlsx_upload_is_searched_on_both_resources(client, supervisor, world):
    dataset = upload(supervisor, xlsx(), "sekolah.xlsx", title="Sekolah")
    for fmt in ("CSV", "XLSX"):
        response = client.get(
            "/api/3/action/datastore_search",
            {"resource_id": resource_of(dataset, fmt), "filters": '{"murid": "320"}'},
        )
        assert response.status_code == 200, response.content
        assert response.json()["result"]["records"] == [
            {"_id": 1, "sekolah": "SDN 1", "murid": "320"}
        ]


def test_records_formats(client, supervisor, world):
    dataset = upload(supervisor, HALTE.encode(), "halte.csv")
    rid = resource_of(dataset)

    def records(fmt):
        response = client.get(
            "/api/3/action/datastore_search",
            {"resource_id": rid, "records_format": fmt, "limit": 2, "fields": "halte,kapasitas"},
        )
        assert response.status_code == 200, response.content
        return response.json()["result"]["records"]

    assert records("objects") == [
        {"halte": "Halte Dago", "kapasitas": "12"},
        {"halte": "Halte Cicaheum", "kapasitas": "8"},
    ]
    assert records("lists") == [["Halte Dago", "12"], ["Halte Cicaheum", "8"]]
    assert records("csv") == "Halte Dago,12\nHalte Cicaheum,8\n"
    assert records("tsv") == "Halte Dago\t12\nHalte Cicaheum\t8\n"


def test_the_statistics_and_a_geojson_resource(client, datasets):
    stats = Dataset.objects.get(name="statistik-harian-laporan")
    rid = str(stats.resources.get().uuid)
    result = client.get("/api/3/action/datastore_search", {"resource_id": rid}).json()["result"]
    assert result["total"] >= 1
    assert {f["id"]: f["type"] for f in result["fields"]}["received"] == "int"
    reports = Dataset.objects.get(name="laporan-warga")
    geojson = str(reports.resources.get(format="GeoJSON").uuid)
    response = client.get("/api/3/action/datastore_search", {"resource_id": geojson})
    assert response.status_code == 404
    package = client.get("/api/3/action/package_show", {"id": "laporan-warga"}).json()["result"]
    assert {r["format"]: r["datastore_active"] for r in package["resources"]} == {
        "CSV": True,
        "GeoJSON": False,
    }


def test_a_limit_over_the_maximum_is_lowered(client, supervisor, world):
    dataset = upload(supervisor, HALTE.encode(), "halte.csv")
    result = client.get(
        "/api/3/action/datastore_search",
        {"resource_id": resource_of(dataset), "limit": "99999999"},
    ).json()["result"]
    assert result["limit"] == datastore.ROWS_MAX and len(result["records"]) == 5


def test_uploads_stored_before_the_datastore_are_loaded_by_the_refresh(supervisor, world):
    dataset = upload(supervisor, HALTE.encode(), "halte.csv")
    DatastoreRow.objects.all().delete()
    assert datastore.load_missing() == 1
    assert DatastoreRow.objects.filter(dataset=dataset).count() == 5
    assert datastore.load_missing() == 0


@pytest.mark.parametrize(
    ("params", "status", "kind", "field"),
    [
        ({}, 409, "Validation Error", "resource_id"),
        ({"resource_id": "bukan-uuid"}, 404, "Not Found Error", None),
        ({"filters": '{"warna": "merah"}'}, 409, "Validation Error", "filters"),
        ({"filters": "[1, 2]"}, 409, "Validation Error", "filters"),
        ({"filters": "{nope"}, 409, "Validation Error", "filters"),
        ({"filters": '{"halte": {"x": 1}}'}, 409, "Validation Error", "filters"),
        ({"sort": "warna desc"}, 409, "Validation Error", "sort"),
        ({"sort": "halte sideways"}, 409, "Validation Error", "sort"),
        ({"fields": "halte,warna"}, 409, "Validation Error", "fields"),
        ({"q": '{"warna": "x"}'}, 409, "Validation Error", "q"),
        ({"limit": "banyak"}, 409, "Validation Error", "limit"),
        ({"limit": "-1"}, 409, "Validation Error", "limit"),
        ({"offset": "99999999999999999999"}, 409, "Validation Error", "offset"),
        ({"offset": "١٢"}, 409, "Validation Error", "offset"),
        ({"records_format": "xml"}, 409, "Validation Error", "records_format"),
        ({"distinct": "mungkin"}, 409, "Validation Error", "distinct"),
        ({"colour": "red"}, 409, "Validation Error", "colour"),
        ({"q": "\ud800"}, 409, "Validation Error", "q"),
    ],
)
def test_bad_input_is_answered_like_ckan(client, supervisor, world, params, status, kind, field):
    dataset = upload(supervisor, HALTE.encode(), "halte.csv")
    body = {"resource_id": resource_of(dataset), **params}
    if params == {}:
        body = {}
    if "resource_id" in params:
        body["resource_id"] = params["resource_id"]
    response = client.post("/api/3/action/datastore_search", body, content_type="application/json")
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["__type"] == kind
    if field:
        assert field in error, error


def test_filters_on_a_formatted_column_of_an_automatic_dataset_are_refused(client, datasets):
    reports = Dataset.objects.get(name="laporan-warga")
    rid = resource_of(reports)
    for params in (
        {"filters": '{"latitude": "-6.9"}'},
        {"filters": '{"created_at": "x"}'},
        {"sort": "description"},
    ):
        response = client.get("/api/3/action/datastore_search", {"resource_id": rid, **params})
        assert response.status_code == 409, response.content
    ok = client.get(
        "/api/3/action/datastore_search", {"resource_id": rid, "sort": "created_at desc"}
    )
    assert ok.status_code == 200
