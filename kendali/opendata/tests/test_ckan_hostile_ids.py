"""A lone UTF-16 surrogate in a CKAN id, and offsets too big for the database, are CKAN error
documents (4xx), never 500s."""

import pytest

TWENTY_DIGITS = "12345678901234567890"


@pytest.mark.parametrize(
    "action", ["package_show", "resource_show", "organization_show", "group_show"]
)
def test_a_lone_surrogate_in_a_json_id_is_a_ckan_error(client, datasets, action):
    response = client.post(
        f"/api/3/action/{action}", '{"id": "\\ud800"}', content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert response.json()["success"] is False


@pytest.mark.parametrize(
    "action", ["package_show", "resource_show", "organization_show", "datastore_search"]
)
def test_broken_unicode_in_a_query_id_is_a_ckan_error(client, datasets, action):
    response = client.get(f"/api/3/action/{action}?id=%ED%A0%80&resource_id=%ED%A0%80")
    assert 400 <= response.status_code < 500
    assert response.json()["success"] is False


@pytest.mark.parametrize(
    "query",
    [
        f"package_list?offset={TWENTY_DIGITS}",
        f"organization_list?offset={TWENTY_DIGITS}",
        f"group_list?offset={TWENTY_DIGITS}",
        f"current_package_list_with_resources?offset={TWENTY_DIGITS}",
        f"current_package_list_with_resources?page={TWENTY_DIGITS}",
        f"package_search?start={TWENTY_DIGITS}",
        f"package_search?rows={TWENTY_DIGITS}",
        f"package_list?limit={TWENTY_DIGITS}",
    ],
)
def test_a_twenty_digit_number_is_a_validation_error(client, datasets, query):
    response = client.get(f"/api/3/action/{query}")
    assert response.status_code == 409, response.content
    assert response.json()["error"]["__type"] == "Validation Error"
