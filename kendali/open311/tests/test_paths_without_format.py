"""An Open311 path that names no format (``.json`` or ``.xml``) is a 404 document in XML, the
spec's required format: never a 500."""

import pytest
from lxml import etree


@pytest.mark.parametrize(
    "path",
    [
        "/open311/v2/foo",
        "/open311/v2/requests",
        "/open311/v2/services",
        "/open311/v2/discovery",
        "/open311/v2/services/jalan-rusak",
        "/open311/v2/requests/ABC-123",
        "/open311/v2/tokens/abc",
        "/open311/v2/servicerequestupdates",
        "/open311/v2/requests.html",
        "/open311/v2/%ED%A0%80",
    ],
)
def test_a_path_without_a_format_is_a_404_document(client, world, path):
    response = client.get(path)
    assert response.status_code == 404
    assert etree.fromstring(response.content).findtext("error/code") == "404"


def test_a_post_to_a_path_without_a_format_is_a_404_too(client, world):
    response = client.post("/open311/v2/requests", {"service_code": "jalan-rusak"})
    assert response.status_code == 404
