"""The CKAN Action API subset: envelopes, actions and CKAN-style errors."""

from __future__ import annotations

import pytest

from kendali.opendata.models import Dataset


def ok(response):
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    assert body["help"].endswith(f"?name={response.wsgi_request.path.rsplit('/', 1)[-1]}")
    return body["result"]


def error(response, status, kind):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is False and body["error"]["__type"] == kind
    return body["error"]


def test_package_list_and_show(client, datasets):
    names = ok(client.get("/api/3/action/package_list"))
    assert names == sorted(
        ["laporan-warga", "statistik-harian-laporan", "peringatan-publik", "katalog-sop"]
    )
    package = ok(client.get("/api/3/action/package_show?id=laporan-warga"))
    assert package["name"] == "laporan-warga"
    assert package["license_id"] == "cc-by-4.0"
    assert package["organization"]["name"] == "command-center"
    assert {r["format"] for r in package["resources"]} == {"CSV", "GeoJSON"}
    assert package["num_resources"] == 2
    by_id = ok(client.get(f"/api/3/action/package_show?id={package['id']}"))
    assert by_id["name"] == "laporan-warga"


def test_post_with_a_json_body_works_like_get(client, datasets):
    result = ok(
        client.post(
            "/api/action/package_show", {"id": "laporan-warga"}, content_type="application/json"
        )
    )
    assert result["name"] == "laporan-warga"


def test_current_package_list_with_resources(client, datasets):
    result = ok(client.get("/api/3/action/current_package_list_with_resources?limit=2"))
    assert len(result) == 2 and all("resources" in p for p in result)


def test_package_search(client, datasets):
    result = ok(client.get("/api/3/action/package_search?q=peringatan"))
    assert [p["name"] for p in result["results"]] == ["peringatan-publik"]
    result = ok(client.get("/api/3/action/package_search?fq=res_format:GeoJSON"))
    assert result["count"] == 1
    result = ok(
        client.get(
            "/api/3/action/package_search?fq=organization:command-center&rows=1&start=2&sort=name asc"
        )
    )
    assert result["count"] == 4 and [p["name"] for p in result["results"]] == ["peringatan-publik"]
    result = ok(client.get('/api/3/action/package_search?q=tags:"laporan warga"'))
    assert {p["name"] for p in result["results"]} == {"laporan-warga", "statistik-harian-laporan"}


def test_organizations(client, datasets, world):
    names = ok(client.get("/api/3/action/organization_list"))
    assert "command-center" in names and "dpu" in names
    full = ok(client.get("/api/3/action/organization_list?all_fields=true&limit=2&offset=0"))
    assert len(full) == 2 and all("title" in o and "package_count" in o for o in full)
    center = ok(
        client.get("/api/3/action/organization_show?id=command-center&include_datasets=true")
    )
    assert center["package_count"] == 4 and len(center["packages"]) == 4


def test_resource_show_and_status(client, datasets):
    resource = Dataset.objects.get(name="laporan-warga").resources.first()
    result = ok(client.get(f"/api/3/action/resource_show?id={resource.uuid}"))
    assert result["url"].endswith(f"/download/{resource.filename}")
    status = ok(client.get("/api/3/action/status_show"))
    assert status["ckan_version"].startswith("2.") and "dcat" in status["extensions"]


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/api/3/action/no_such_action", 400, "Bad request"),
        ("/api/3/action/package_show?id=tidak-ada", 404, "Not Found Error"),
        ("/api/3/action/package_show", 409, "Validation Error"),
        ("/api/3/action/resource_show?id=bukan-uuid", 404, "Not Found Error"),
        ("/api/3/action/organization_show?id=tidak-ada", 404, "Not Found Error"),
        ("/api/3/action/package_search?rows=1001", 409, "Validation Error"),
        ("/api/3/action/package_search?rows=banyak", 409, "Validation Error"),
        ("/api/3/action/package_search?fq=colour:red", 409, "Search Error"),
        ("/api/3/action/package_search?sort=colour desc", 409, "Search Error"),
        ("/api/3/action/package_search?sort=name sideways", 400, "Search Query Error"),
    ],
)
def test_ckan_style_errors(client, datasets, path, status, kind):
    error(client.get(path), status, kind)


def test_a_broken_json_body_is_a_bad_request(client, datasets):
    response = client.post("/api/3/action/package_show", "{nope", content_type="application/json")
    error(response, 400, "Bad request")


def test_a_body_nested_too_deep_is_a_ckan_error(client, datasets):
    deep = "{" + '"a":[' * 50_000 + "]" * 50_000 + "}"
    response = client.post("/api/3/action/package_list", deep, content_type="application/json")
    assert response.status_code == 400 and response.json()["success"] is False
