"""The DCAT-AP 3 JSON-LD catalogue and dataset documents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kendali.opendata import dcat
from kendali.opendata.models import Dataset


def test_the_catalog_describes_every_dataset(client, datasets):
    response = client.get("/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    body = response.json()
    assert body["@type"] == "dcat:Catalog"
    assert body["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert len(body["dcat:dataset"]) == 4
    node = next(d for d in body["dcat:dataset"] if d["adms:identifier"] == "laporan-warga")
    for key in (
        "dct:title",
        "dct:description",
        "dct:identifier",
        "dct:publisher",
        "dcat:contactPoint",
        "dct:accrualPeriodicity",
        "dct:modified",
        "dcat:theme",
        "dcat:distribution",
    ):
        assert key in node, key
    assert node["dct:accrualPeriodicity"]["@id"].endswith("/frequency/UPDATE_CONT")
    distribution = node["dcat:distribution"][0]
    assert distribution["dcat:accessURL"]["@id"].endswith("/data/laporan-warga/")
    assert distribution["dct:format"]["@id"].startswith(
        "http://publications.europa.eu/resource/authority/file-type/"
    )
    assert distribution["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    assert node["dct:modified"]["@value"].endswith("+07:00")
    assert body["hydra:view"]["hydra:totalItems"] == 4


def test_paging_and_modified_since(client, datasets, monkeypatch):
    monkeypatch.setattr(dcat, "PAGE_SIZE", 2)
    first = client.get("/catalog.jsonld").json()
    assert len(first["dcat:dataset"]) == 2
    assert first["hydra:view"]["hydra:nextPage"].endswith("page=2")
    second = client.get("/catalog.jsonld?page=2").json()
    assert len(second["dcat:dataset"]) == 2
    future = (timezone.now() + timedelta(days=1)).isoformat()
    Dataset.objects.filter(name="peringatan-publik").update(
        modified_at=timezone.now() + timedelta(days=2)
    )
    recent = client.get("/catalog.jsonld", {"modified_since": future}).json()
    assert [d["adms:identifier"] for d in recent["dcat:dataset"]] == ["peringatan-publik"]
    assert client.get("/catalog.jsonld?modified_since=kemarin").status_code == 400
    assert client.get("/catalog.jsonld?page=0").status_code == 400


def test_one_dataset_as_json_ld(client, datasets):
    body = client.get("/dataset/laporan-warga.jsonld").json()
    assert body["@type"] == "dcat:Dataset" and "@context" in body
    assert client.get("/dataset/tidak-ada.jsonld").status_code == 404


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_the_catalog_is_rdf_a_harvester_can_read(client, datasets):
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF

    graph = Graph()
    graph.parse(data=client.get("/catalog.jsonld").content, format="json-ld")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    datasets_in = list(graph.objects(catalogs[0], DCAT.dataset))
    assert len(catalogs) == 1 and len(datasets_in) == 4
    for dataset in datasets_in:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        assert graph.value(dataset, DCTERMS.title) is not None
        assert graph.value(dataset, DCTERMS.publisher) is not None
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert isinstance(graph.value(distribution, DCAT.accessURL), URIRef)
            assert isinstance(graph.value(distribution, DCAT.downloadURL), URIRef)
            assert graph.value(distribution, DCTERMS.license) is not None
    frequency = Namespace("http://publications.europa.eu/resource/authority/frequency/")
    assert (None, DCTERMS.accrualPeriodicity, frequency.DAILY) in graph
    modified = next(graph.objects(datasets_in[0], DCTERMS.modified))
    assert modified.datatype == URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
