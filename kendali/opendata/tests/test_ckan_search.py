"""package_search as CKAN clients use it (sorts, fq in Solr syntax, facets), the smaller
actions (tags, groups, licences, help), CKAN's timestamps, and bad input that must never be
a 500."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import requests

from kendali.opendata.models import Dataset

SEARCH = "/api/3/action/package_search"


def result(response):
    assert response.status_code == 200, response.content
    return response.json()["result"]


def names(response):
    return [p["name"] for p in result(response)["results"]]


@pytest.fixture
def dated(datasets, world):
    """Each automatic dataset modified on its own day, and one published by agency A."""
    base = datetime(2026, 11, 1, 3, 4, 5, 123456, tzinfo=UTC)
    order = ["katalog-sop", "laporan-warga", "peringatan-publik", "statistik-harian-laporan"]
    for day, name in enumerate(order):
        when = base + timedelta(days=day)
        Dataset.objects.filter(name=name).update(
            created_at=base - timedelta(days=day), modified_at=when, data_modified_at=when
        )
    Dataset.objects.filter(name="peringatan-publik").update(publisher=world.agency_a)
    return base


def test_it_sorts_by_ckans_standard_fields(client, dated):
    ids = sorted(str(u) for u in Dataset.objects.values_list("uuid", flat=True))
    found = result(client.get(SEARCH, {"sort": "id asc", "rows": 10}))
    assert [p["id"] for p in found["results"]] == ids
    assert names(client.get(SEARCH, {"sort": "metadata_modified desc"}))[0] == (
        "statistik-harian-laporan"
    )
    assert names(client.get(SEARCH, {"sort": "metadata_created asc"}))[0] == (
        "statistik-harian-laporan"
    )
    assert names(client.get(SEARCH, {"sort": "title desc"}))[0] == "statistik-harian-laporan"
    assert names(client.get(SEARCH, {"sort": "score desc, name asc"}))[0] == "katalog-sop"
    Dataset.objects.update(modified_at=dated, data_modified_at=dated)
    assert names(client.get(SEARCH, {"sort": "metadata_modified desc, name desc"})) == sorted(
        names(client.get(SEARCH)), reverse=True
    )


def test_it_filters_with_solr_ranges_and_organizations(client, dated):
    def fq(query):
        return sorted(names(client.get(SEARCH, {"fq": query})))

    assert fq("metadata_modified:[2026-11-03T00:00:00Z TO *]") == [
        "peringatan-publik",
        "statistik-harian-laporan",
    ]
    assert fq("metadata_modified:[* TO 2026-11-02T03:04:05.123456Z]") == [
        "katalog-sop",
        "laporan-warga",
    ]
    assert fq("metadata_modified:{* TO 2026-11-02T03:04:05.123456Z}") == ["katalog-sop"]
    assert fq("metadata_created:[2026-10-31T00:00:00Z TO 2026-11-02T00:00:00Z]") == [
        "katalog-sop",
        "laporan-warga",
    ]
    assert fq("organization:dpu OR organization:dlh") == ["peringatan-publik"]
    assert fq("-organization:command-center") == ["peringatan-publik"]
    assert fq("-organization:dpu -organization:command-center") == []
    assert fq("organization:command-center AND res_format:GeoJSON") == ["laporan-warga"]
    assert fq("(organization:dpu OR res_format:GeoJSON) AND license_id:cc-by-4.0") == [
        "laporan-warga",
        "peringatan-publik",
    ]
    assert fq('tags:"laporan warga" -name:laporan-warga') == ["statistik-harian-laporan"]
    assert fq("groups:regi") == ["peringatan-publik"]
    assert fq("+dataset_type:dataset +state:active capacity:public") == sorted(
        names(client.get(SEARCH))
    )
    both = client.get(SEARCH, {"fq": "organization:command-center", "q": "statistik"})
    assert names(both) == ["statistik-harian-laporan"]


def test_facets_answer_like_ckan(client, dated):
    found = result(
        client.get(
            SEARCH,
            {"facet.field": '["organization", "res_format", "tags"]', "facet.limit": 2, "rows": 0},
        )
    )
    assert found["results"] == [] and found["count"] == 4
    assert found["facets"]["organization"] == {"command-center": 3, "dpu": 1}
    assert found["facets"]["res_format"] == {"CSV": 4, "GeoJSON": 1}
    assert len(found["facets"]["tags"]) == 2
    items = found["search_facets"]["organization"]["items"]
    assert {i["name"]: i["count"] for i in items} == {"command-center": 3, "dpu": 1}
    assert {i["display_name"] for i in items} == {"Uji Command Center", "Dinas Pekerjaan Umum"}
    assert found["search_facets"]["organization"]["title"] == "organization"
    posted = client.post(
        SEARCH, {"facet.field": ["license_id"], "facet.limit": -1}, content_type="application/json"
    )
    assert result(posted)["facets"] == {"license_id": {"cc-by-4.0": 4}}
    assert result(client.get(SEARCH))["facets"] == {}


def test_timestamps_are_utc_without_an_offset(client, dated):
    package = result(client.get("/api/3/action/package_show", {"id": "katalog-sop"}))
    assert package["metadata_modified"] == "2026-11-01T03:04:05.123456"
    assert package["metadata_created"] == "2026-11-01T03:04:05.123456"
    for resource in package["resources"]:
        assert datetime.fromisoformat(resource["created"]).tzinfo is None


def test_tags_groups_and_licences(client, dated):
    tags = result(client.get("/api/3/action/tag_list"))
    assert "laporan warga" in tags and tags == sorted(tags)
    assert result(client.get("/api/3/action/tag_list", {"query": "CAP"})) == ["CAP"]
    full = result(client.get("/api/3/action/tag_list", {"all_fields": "true", "query": "sop"}))
    assert full == [
        {
            "id": "SOP",
            "name": "SOP",
            "display_name": "SOP",
            "vocabulary_id": None,
            "state": "active",
        }
    ]
    groups = result(client.get("/api/3/action/group_list"))
    assert "gove" in groups and "regi" in groups
    counted = result(
        client.get("/api/3/action/group_list", {"all_fields": "true", "sort": "package_count desc"})
    )
    assert counted[0]["name"] == "gove" and counted[0]["package_count"] == 3
    assert result(client.get("/api/3/action/group_list", {"groups": '["regi"]'})) == ["regi"]
    regi = result(client.get("/api/3/action/group_show", {"id": "regi", "include_datasets": "1"}))
    assert [p["name"] for p in regi["packages"]] == ["peringatan-publik"]
    assert client.get("/api/3/action/group_show", {"id": "tidak-ada"}).status_code == 404
    package = result(client.get("/api/3/action/package_show", {"id": "peringatan-publik"}))
    assert [g["name"] for g in package["groups"]] == ["regi"]
    licences = result(client.get("/api/3/action/license_list"))
    assert {"id", "title", "url", "od_conformance", "status"} <= set(licences[0])


def test_every_envelopes_help_url_answers(client, dated):
    for action in ("package_search", "datastore_search", "tag_list", "no_such_action"):
        body = client.get(f"/api/3/action/{action}").json()
        if action == "no_such_action":
            assert body["success"] is False
            continue
        helped = client.get(body["help"].replace("http://testserver", ""))
        text = result(helped)
        assert isinstance(text, str) and text
    assert client.get("/api/3/action/help_show", {"name": "nope"}).status_code == 404


@pytest.mark.parametrize(
    ("params", "status", "kind"),
    [
        ({"fq": "metadata_modified:[2026-11-01T00:00:00Z TO"}, 409, "Search Error"),
        ({"fq": "metadata_modified:[yesterday TO *]"}, 409, "Search Error"),
        ({"fq": "metadata_modified:[NOW-1DAY TO *]"}, 409, "Search Error"),
        ({"fq": "name:[a TO z]"}, 409, "Search Error"),
        ({"fq": "num_resources:[1 TO 99999999999999999999]"}, 409, "Search Error"),
        ({"fq": "organization:(a"}, 409, "Search Error"),
        ({"fq": "organization:a)"}, 409, "Search Error"),
        ({"fq": "colour:red"}, 409, "Search Error"),
        ({"fq": "{!lucene}name:x"}, 409, "Search Error"),
        ({"q": "title:"}, 409, "Search Error"),
        ({"facet.field": '["colour"]'}, 409, "Search Error"),
        ({"facet.field": "{nope"}, 409, "Validation Error"),
        ({"sort": "id sideways"}, 400, "Search Query Error"),
        ({"sort": "id asc desc"}, 400, "Search Query Error"),
        ({"sort": "colour asc"}, 409, "Search Error"),
        ({"rows": "1001"}, 409, "Validation Error"),
        ({"rows": "1e3"}, 409, "Validation Error"),
        ({"rows": "١٢"}, 409, "Validation Error"),
        ({"start": "99999999999999999999"}, 409, "Validation Error"),
        ({"start": "-1"}, 409, "Validation Error"),
        ({"facet.limit": "many"}, 409, "Validation Error"),
    ],
)
def test_bad_search_input_is_answered_like_ckan(client, datasets, params, status, kind):
    response = client.get(SEARCH, params)
    assert response.status_code == status, response.content
    assert response.json()["error"]["__type"] == kind


ACTIONS_AND_PARAMS = {
    "package_list": ["limit", "offset"],
    "current_package_list_with_resources": ["limit", "offset", "page"],
    "package_show": ["id"],
    "package_search": ["q", "fq", "sort", "rows", "start", "facet.field", "facet.limit"],
    "organization_list": ["limit", "offset", "sort", "all_fields"],
    "organization_show": ["id", "include_datasets"],
    "group_list": ["limit", "offset", "sort", "groups", "all_fields"],
    "group_show": ["id", "include_datasets"],
    "tag_list": ["query", "vocabulary_id", "all_fields"],
    "resource_show": ["id"],
    "help_show": ["name"],
    "datastore_search": ["resource_id", "filters", "q", "sort", "fields", "limit", "offset"],
    "datastore_info": ["id"],
}
ODD_VALUES = [
    "99999999999999999999",
    "-99999999999999999999",
    "\ud800",
    "\x00",
    "[",
    '{"a": ',
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ᮘᮔ᮪ᮓᮥᮀ",
    ["a", {"b": None}],
    {"x": [1, 2]},
    None,
    True,
    1e308,
]


@pytest.mark.parametrize("action", sorted(ACTIONS_AND_PARAMS))
def test_no_parameter_value_makes_a_500(client, datasets, action):
    for param in ACTIONS_AND_PARAMS[action]:
        for value in ODD_VALUES:
            body = json.dumps({param: value})
            response = client.post(f"/api/3/action/{action}", body, content_type="application/json")
            assert response.status_code < 500, (param, value, response.content)
            if isinstance(value, str) and value.isascii():
                response = client.get(f"/api/3/action/{action}", {param: value})
                assert response.status_code < 500, (param, value, response.content)


@pytest.mark.django_db(transaction=True)
def test_a_lone_surrogate_in_a_url_or_body_is_refused_on_a_live_server(live_url, datasets):
    for action in ("package_show", "resource_show", "organization_show", "datastore_search"):
        url = f"{live_url}/api/3/action/{action}?id=%ED%A0%80&resource_id=%ED%A0%80"
        response = requests.get(url, timeout=30)
        assert response.status_code in {404, 409}, response.text
        assert response.json()["success"] is False
        posted = requests.post(
            f"{live_url}/api/3/action/{action}",
            data='{"id": "\\ud800", "resource_id": "\\ud800"}',
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        assert posted.status_code == 409, posted.text
        assert posted.json()["error"]["__type"] == "Validation Error"
    response = requests.get(f"{live_url}{SEARCH}?start=99999999999999999999", timeout=30)
    assert response.status_code == 409
