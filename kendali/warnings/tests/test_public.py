"""Active warnings reach the public: banner on every portal page, warning pages, the map layer
and the Atom feed (read with feedparser)."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from kendali.warnings import actions

from .conftest import flood_draft


@pytest.fixture
def published(operator, supervisor):
    return actions.publish_warning(actions.draft_warning(operator, flood_draft()), supervisor)


def test_the_banner_shows_on_portal_pages(client, published):
    for path in ("/", "/laporan/", "/en/"):
        body = client.get(path).content.decode()
        assert 'id="warning-banner"' in body
    assert "Siaga banjir di Kecamatan Timur" in client.get("/").content.decode()
    assert "Flood watch in Timur district" in client.get("/en/").content.decode()


def test_no_banner_without_active_warnings(client, world):
    assert 'id="warning-banner"' not in client.get("/").content.decode()


def test_an_expired_warning_leaves_the_banner(client, published):
    actions.expire_warnings(timezone.now() + timedelta(days=2))
    assert 'id="warning-banner"' not in client.get("/").content.decode()


def test_warning_pages(client, published):
    listing = client.get("/peringatan/")
    assert "Siaga banjir" in listing.content.decode()
    detail = client.get(f"/peringatan/{published.identifier}/")
    assert detail.status_code == 200
    assert "Amankan barang berharga" in detail.content.decode()
    assert client.get("/peringatan/tidak-ada/").status_code == 404


def test_the_map_layer_has_the_active_areas(client, published):
    body = client.get("/warnings/active.geojson").json()
    assert body["type"] == "FeatureCollection"
    feature = body["features"][0]
    assert feature["properties"]["identifier"] == published.identifier
    ring = feature["geometry"]["coordinates"][0][0]
    assert ring[0] == ring[-1] and 107.59 < ring[0][0] < 107.66  # lon first in GeoJSON


def test_the_atom_feed_lists_active_warnings_with_links_to_cap(
    client, published, operator, supervisor
):
    draft_only = actions.draft_warning(operator, flood_draft(headline_ind="Draf rahasia"))
    response = client.get("/warnings/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.title == "Siaga banjir di Kecamatan Timur"
    assert entry.link.endswith(f"/warnings/{published.identifier}.xml")
    assert entry.id.endswith(f"/warnings/{published.identifier}.xml")
    assert entry.updated_parsed is not None
    assert "Draf rahasia" not in response.content.decode()
    assert draft_only.identifier is None
    # Thin entries: no full text, the CAP document carries it.
    assert "Hujan deras" not in response.content.decode()
    assert len(response.content) < 3000
