"""The OpenAPI document is valid, and real responses match the schemas it promises."""

import json

import jsonschema
import pytest

from conftest import INSIDE_WEST, bearer


@pytest.fixture
def spec(citizen, world):
    response = citizen.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def schema_for(spec, path, method="get", status="200"):
    operation = spec["paths"][path][method]
    content = operation["responses"][status]["content"]["application/json"]["schema"]
    return {**content, "components": spec["components"]}


def check(spec, path, payload, method="get", status="200"):
    schema = schema_for(spec, path, method, status)
    jsonschema.validate(payload, schema, cls=jsonschema.Draft202012Validator)


def test_the_document_lists_the_design_paths(spec):
    for path in [
        "/api/v1/categories",
        "/api/v1/reports",
        "/api/v1/reports/{ticket}",
        "/api/v1/staff/reports",
        "/api/v1/reports/{ticket}/verify",
        "/api/v1/reports/{ticket}/dispose",
        "/api/v1/reports/{ticket}/resolve",
        "/api/v1/events",
    ]:
        assert path in spec["paths"], path
    assert spec["openapi"].startswith("3.1")
    body = spec["paths"]["/api/v1/reports"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data"}
    assert "ReportIn" in spec["components"]["schemas"]


def test_responses_match_their_schemas(spec, citizen, disposed_report, operator):
    check(spec, "/api/v1/categories", citizen.get("/api/v1/categories").json())
    check(spec, "/api/v1/reports", citizen.get("/api/v1/reports").json())
    check(
        spec,
        "/api/v1/reports/{ticket}",
        citizen.get(f"/api/v1/reports/{disposed_report.ticket}").json(),
    )
    staff = citizen.get(
        f"/api/v1/staff/reports/{disposed_report.ticket}", **bearer(operator)
    ).json()
    check(spec, "/api/v1/staff/reports/{ticket}", staff)
    created = citizen.post(
        "/api/v1/reports",
        data=json.dumps(
            {
                "category": "sampah",
                "description": "Sampah menumpuk lagi.",
                "latitude": INSIDE_WEST[0],
                "longitude": INSIDE_WEST[1],
            }
        ),
        content_type="application/json",
    )
    check(spec, "/api/v1/reports", created.json(), method="post", status="201")
