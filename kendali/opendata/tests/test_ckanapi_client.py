"""ckanapi's RemoteCKAN lists, shows and searches datasets and downloads a resource from our
server on loopback."""

from __future__ import annotations

import csv
import io

import pytest
import requests
from ckanapi import NotFound, RemoteCKAN

from conftest import SECRET_CONTACT


@pytest.mark.django_db(transaction=True)
def test_remote_ckan_reads_the_catalogue_and_downloads(live_url, datasets, public_reports):
    with RemoteCKAN(live_url, user_agent="kendali-test") as ckan:
        names = ckan.action.package_list()
        assert "laporan-warga" in names
        package = ckan.action.package_show(id="laporan-warga")
        assert package["title"] == "Laporan warga (anonim)"
        found = ckan.action.package_search(q="statistik", rows=5)
        assert found["count"] == 1
        assert ckan.action.organization_list(all_fields=True)[0]["name"]
        resource = next(r for r in package["resources"] if r["format"] == "CSV")
        assert ckan.action.resource_show(id=resource["id"])["id"] == resource["id"]
        with pytest.raises(NotFound):
            ckan.action.package_show(id="tidak-ada")
    with RemoteCKAN(live_url, get_only=True) as ckan:
        assert ckan.action.package_show(id="laporan-warga")["name"] == "laporan-warga"
    response = requests.get(resource["url"], timeout=30)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["ticket"] for r in rows} == {public_reports[0].ticket, public_reports[1].ticket}
    assert SECRET_CONTACT not in response.text
