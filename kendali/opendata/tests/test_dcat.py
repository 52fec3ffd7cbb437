"""The DCAT-AP 3.0.1 catalogue and dataset documents, read as RDF with rdflib in each of the
three serialisations: every mandatory and recommended property of the catalogue, datasets,
distributions, agents and contact points, with the type DCAT-AP's shapes ask for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS

from kendali.opendata import dcat
from kendali.opendata.models import Dataset, Resource

# rdflib's JSON-LD reader builds a ConjunctiveGraph inside, which rdflib 7 marks deprecated.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

# Open namespaces: rdflib's closed DCAT and XSD warn when pytest looks them over.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
EU = "http://publications.europa.eu/resource/authority/"
FORMATS = {"jsonld": "json-ld", "ttl": "turtle", "rdf": "xml"}
MEDIA = {"jsonld": "application/ld+json", "ttl": "text/turtle", "rdf": "application/rdf+xml"}

# ---------------------------------------------------------------------------------------------
# What a value must be. Each check returns a problem, or "" when the value is right.

Check = Callable[[Graph, Any], str]


def lang_text(graph: Graph, value: Any) -> str:
    ok = isinstance(value, Literal) and value.language in {"id", "en"} and str(value).strip()
    return "" if ok else f"{value!r} is no text with a language"


def text(graph: Graph, value: Any) -> str:
    return "" if isinstance(value, Literal) and str(value).strip() else f"{value!r} is no text"


def typed(datatype: URIRef) -> Check:
    """A literal of ``datatype``; for XML Schema types, one that parses as it."""

    def check(graph: Graph, value: Any) -> str:
        if not isinstance(value, Literal) or value.datatype != datatype:
            return f"{value!r} is not a {datatype} literal"
        if datatype.startswith(str(XSD)) and value.value is None:
            return f"{value!r} is not a valid {datatype}"
        return ""

    return check


def iri(prefix: str = "http") -> Check:
    def check(graph: Graph, value: Any) -> str:
        ok = isinstance(value, URIRef) and str(value).startswith(prefix)
        return "" if ok else f"{value!r} is not an IRI starting {prefix}"

    return check


def of_class(cls: URIRef, prefix: str | None = None) -> Check:
    """An IRI (starting ``prefix`` when given) or node that states its class."""

    def check(graph: Graph, value: Any) -> str:
        if prefix is not None and not (isinstance(value, URIRef) and value.startswith(prefix)):
            return f"{value!r} is not an IRI starting {prefix}"
        if not isinstance(value, URIRef | BNode):
            return f"{value!r} is a literal, not a {cls} node"
        return "" if (value, RDF.type, cls) in graph else f"{value!r} is not typed {cls}"

    return check


# (property, mandatory or recommended, how many at most, what each value must be)
Row = tuple[URIRef, str, int | None, Check]
M, R = "mandatory", "recommended"
DATE_TIME = typed(XSD.dateTime)

CATALOG: list[Row] = [
    (DCTERMS.title, M, None, lang_text),
    (DCTERMS.description, M, None, lang_text),
    (DCTERMS.publisher, M, 1, of_class(FOAF.Agent)),
    (DCAT.dataset, R, None, of_class(DCAT.Dataset)),
    (FOAF.homepage, R, 1, of_class(FOAF.Document, "http")),
    (DCTERMS.language, R, None, of_class(DCTERMS.LinguisticSystem, EU + "language/")),
    (DCTERMS.license, R, 1, of_class(DCTERMS.LicenseDocument, EU + "licence/")),
    (DCTERMS.issued, R, 1, DATE_TIME),
    (DCTERMS.modified, R, 1, DATE_TIME),
    (DCTERMS.spatial, R, None, of_class(DCTERMS.Location)),
    (DCAT.themeTaxonomy, R, None, of_class(SKOS.ConceptScheme, EU + "data-theme")),
]
DATASET: list[Row] = [
    (DCTERMS.title, M, None, lang_text),
    (DCTERMS.description, M, None, lang_text),
    (DCAT.contactPoint, R, None, of_class(VCARD.Kind)),
    (DCAT.distribution, R, None, of_class(DCAT.Distribution)),
    (DCAT.keyword, R, None, lang_text),
    (DCAT.theme, R, None, of_class(SKOS.Concept, EU + "data-theme/")),
    (DCTERMS.publisher, R, 1, of_class(FOAF.Agent)),
    (DCTERMS.spatial, R, None, of_class(DCTERMS.Location)),
    (DCTERMS.temporal, R, None, of_class(DCTERMS.PeriodOfTime)),
    # Optional in DCAT-AP, typed as its range shapes ask when given:
    (ADMS.identifier, R, None, of_class(ADMS.Identifier)),
    (DCTERMS.identifier, R, None, text),
    (DCAT.landingPage, R, None, of_class(FOAF.Document, "http")),
    (DCTERMS.accrualPeriodicity, R, 1, of_class(DCTERMS.Frequency, EU + "frequency/")),
    (DCTERMS.language, R, None, of_class(DCTERMS.LinguisticSystem, EU + "language/")),
    (DCTERMS.issued, R, 1, DATE_TIME),
    (DCTERMS.modified, R, 1, DATE_TIME),
]
DISTRIBUTION: list[Row] = [
    (DCAT.accessURL, M, None, iri()),
    (DCTERMS.description, R, None, lang_text),
    (DCTERMS.format, R, 1, of_class(DCTERMS.MediaTypeOrExtent, EU + "file-type/")),
    (DCTERMS.license, R, 1, of_class(DCTERMS.LicenseDocument, EU + "licence/")),
    (DCATAP.availability, R, 1, of_class(SKOS.Concept, EU + "planned-availability/")),
    # Optional, typed:
    (DCAT.downloadURL, R, None, iri()),
    (
        DCAT.mediaType,
        R,
        1,
        of_class(DCTERMS.MediaType, "https://www.iana.org/assignments/media-types/"),
    ),
    (DCTERMS.title, R, None, text),
    (DCTERMS.issued, R, 1, DATE_TIME),
    (DCTERMS.modified, R, 1, DATE_TIME),
]
AGENT: list[Row] = [
    (FOAF.name, M, None, text),
    (DCTERMS.type, R, 1, of_class(SKOS.Concept, "http://purl.org/adms/publishertype/")),
]
CONTACT: list[Row] = [
    (VCARD.fn, M, None, text),
    (VCARD.hasEmail, R, None, iri("mailto:")),
]
IDENTIFIER: list[Row] = [(SKOS.notation, M, 1, text)]
PERIOD: list[Row] = [
    (DCAT.startDate, R, 1, DATE_TIME),
    (DCAT.endDate, R, 1, DATE_TIME),
]
LICENCE: list[Row] = [
    (DCTERMS.type, R, None, of_class(SKOS.Concept, "http://purl.org/adms/licencetype/")),
]
LOCATION: list[Row] = [
    (DCAT.bbox, R, 1, typed(URIRef("http://www.opengis.net/ont/geosparql#wktLiteral"))),
    (DCAT.centroid, R, 1, typed(URIRef("http://www.opengis.net/ont/geosparql#wktLiteral"))),
]
# Every vocabulary term typed skos:Concept needs its label, every scheme its title.
CONCEPT: list[Row] = [
    (SKOS.prefLabel, M, None, lang_text),
    (SKOS.inScheme, M, None, of_class(SKOS.ConceptScheme)),
]
SCHEME: list[Row] = [(DCTERMS.title, M, None, lang_text)]
TABLE: dict[URIRef, list[Row]] = {
    SKOS.Concept: CONCEPT,
    SKOS.ConceptScheme: SCHEME,
    DCAT.Catalog: CATALOG,
    DCAT.Dataset: DATASET,
    DCAT.Distribution: DISTRIBUTION,
    FOAF.Agent: AGENT,
    VCARD.Kind: CONTACT,
    ADMS.Identifier: IDENTIFIER,
    DCTERMS.PeriodOfTime: PERIOD,
    DCTERMS.LicenseDocument: LICENCE,
    DCTERMS.Location: LOCATION,
}


# Recommended "where known": a dataset without rows (no warning published yet) covers no time.
WHERE_KNOWN = {DCTERMS.temporal}


def problems_in(graph: Graph) -> list[str]:
    found = []
    for cls, rows in TABLE.items():
        subjects = set(graph.subjects(RDF.type, cls))
        if not subjects:
            found.append(f"no {cls}")
        for subject in subjects:
            for prop, _level, most, check in rows:
                values = list(graph.objects(subject, prop))
                if not values and prop not in WHERE_KNOWN:
                    found.append(f"{cls} {subject}: no {prop}")
                if most is not None and len(values) > most:
                    found.append(f"{cls} {subject}: {len(values)} values of {prop}")
                found += [f"{cls} {subject} {prop}: {p}" for v in values if (p := check(graph, v))]
    return found


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture
def catalogue(datasets: Any, world: Any) -> None:
    """The automatic datasets and an agency's upload, with the agency's own desk."""
    world.city.email = "command.center@uji.example"
    world.city.save()
    world.agency_a.email = "data@dpu.uji.example"
    world.agency_a.phone = "022 123 456"
    world.agency_a.save()
    upload = Dataset.objects.create(
        name="pos-pemadam",
        title_ind="Pos pemadam kebakaran",
        title_en="Fire stations",
        notes_ind="Lokasi pos pemadam kebakaran kota.",
        publisher=world.agency_a,
        licence="odc-odbl",
        keywords="pemadam, kebakaran",
        temporal_start=timezone.now() - timedelta(days=365),
        temporal_end=timezone.now(),
    )
    Resource.objects.create(dataset=upload, name="Pos pemadam (CSV)", format="CSV", size=1234)


def graph_of(client: Any, path: str, fmt: str, **headers: str) -> Graph:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].split(";")[0] == MEDIA[fmt]
    graph = Graph()
    graph.parse(data=response.content, format=FORMATS[fmt])
    return graph


# ---------------------------------------------------------------------------------------------
# Every mandatory and recommended property, typed, in every serialisation


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_catalogue_has_every_property_dcat_ap_asks_for(client, catalogue, fmt):
    graph = graph_of(client, f"/catalog.{fmt}", fmt)
    assert problems_in(graph) == []
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert str(catalog) == "http://testserver/catalog"
    assert len(list(graph.objects(catalog, DCAT.dataset))) == 5


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_dataset_has_every_property_too(client, catalogue, fmt):
    graph = graph_of(client, f"/dataset/pos-pemadam.{fmt}", fmt)
    assert problems_in(graph) == [f"no {DCAT.Catalog}"]  # a dataset alone: no catalogue


def _dataset(graph: Graph, name: str) -> Any:
    for identifier in graph.subjects(SKOS.notation, Literal(name)):
        return next(graph.subjects(ADMS.identifier, identifier))
    raise AssertionError(f"no dataset {name}")


def test_the_values_name_the_right_vocabulary_terms(client, catalogue):
    graph = graph_of(client, "/catalog.ttl", "ttl")
    reports = _dataset(graph, "laporan-warga")
    upload = _dataset(graph, "pos-pemadam")
    for known in (reports, upload):  # the datasets whose time is known cover it
        assert graph.value(known, DCTERMS.temporal) is not None
    frequency = URIRef(EU + "frequency/UPDATE_CONT")
    assert graph.value(reports, DCTERMS.accrualPeriodicity) == frequency
    assert graph.value(reports, DCAT.theme) == URIRef(EU + "data-theme/GOVE")
    licences = {graph.value(d, DCTERMS.license) for d in graph.objects(upload, DCAT.distribution)}
    assert licences == {URIRef(EU + "licence/ODC_BL")}
    licence_types = set(graph.objects(URIRef(EU + "licence/ODC_BL"), DCTERMS.type))
    assert URIRef("http://purl.org/adms/licencetype/ViralEffect-ShareAlike") in licence_types
    formats = {graph.value(d, DCTERMS.format) for d in graph.objects(reports, DCAT.distribution)}
    assert formats == {URIRef(EU + "file-type/CSV"), URIRef(EU + "file-type/GEOJSON")}
    media = {graph.value(d, DCAT.mediaType) for d in graph.objects(reports, DCAT.distribution)}
    assert URIRef("https://www.iana.org/assignments/media-types/application/geo+json") in media
    (distribution,) = graph.objects(upload, DCAT.distribution)
    assert graph.value(distribution, DCAT.byteSize) == Literal(
        "1234", datatype=XSD.nonNegativeInteger
    )
    assert str(graph.value(distribution, DCAT.accessURL)).endswith("/data/pos-pemadam/")
    assert "/download/pos-pemadam.csv" in str(graph.value(distribution, DCAT.downloadURL))
    agency = graph.value(upload, DCTERMS.publisher)
    assert graph.value(agency, FOAF.name) == Literal("Dinas Pekerjaan Umum")
    assert graph.value(agency, DCTERMS.type) == URIRef(
        "http://purl.org/adms/publishertype/LocalAuthority"
    )
    desk = graph.value(upload, DCAT.contactPoint)
    assert graph.value(desk, VCARD.hasEmail) == URIRef("mailto:data@dpu.uji.example")
    assert graph.value(desk, VCARD.hasTelephone) == URIRef("tel:022123456")
    location = graph.value(reports, DCTERMS.spatial)
    bbox = str(graph.value(location, DCAT.bbox))
    assert bbox == "POLYGON((107.55 -6.95, 107.65 -6.95, 107.65 -6.9, 107.55 -6.9, 107.55 -6.95))"


def test_the_reports_cover_the_time_of_their_rows(client, catalogue, public_reports):
    graph = graph_of(client, "/dataset/laporan-warga.ttl", "ttl")
    period = graph.value(_dataset(graph, "laporan-warga"), DCTERMS.temporal)
    start = graph.value(period, DCAT.startDate).toPython()
    end = graph.value(period, DCAT.endDate).toPython()
    shown = [r.created_at.replace(microsecond=0) for r in public_reports if not r.is_confidential]
    assert (start, end) == (min(shown), max(shown))
    assert str(graph.value(period, DCAT.startDate)).endswith("+07:00")


def test_the_three_serialisations_are_one_graph(client, catalogue):
    from rdflib.compare import isomorphic

    graphs = [graph_of(client, "/catalog", fmt, Accept=MEDIA[fmt]) for fmt in FORMATS]
    assert len(graphs[0]) > 300
    assert isomorphic(graphs[0], graphs[1]) and isomorphic(graphs[0], graphs[2])


# ---------------------------------------------------------------------------------------------
# Content negotiation


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("", "jsonld"),
        ("*/*", "jsonld"),
        ("application/ld+json", "jsonld"),
        ("text/turtle", "ttl"),
        ("application/rdf+xml", "rdf"),
        ("text/turtle;q=0.5, application/rdf+xml", "rdf"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "jsonld"),  # a browser
    ],
)
def test_the_catalogue_follows_accept(client, catalogue, accept, fmt):
    headers = {"Accept": accept} if accept else {}
    graph = graph_of(client, "/catalog", fmt, **headers)
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 5
    assert "Accept" in client.get("/catalog", headers=headers)["Vary"].split(", ")


def test_a_dataset_follows_accept(client, catalogue):
    graph = graph_of(client, "/dataset/laporan-warga", "ttl", Accept="text/turtle")
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 1


def test_the_suffix_wins_over_accept(client, catalogue):
    graph_of(client, "/catalog.rdf", "rdf", Accept="text/turtle")


@pytest.mark.parametrize("path", ["/catalog", "/dataset/laporan-warga"])
def test_an_unservable_accept_answers_406_with_the_formats(client, catalogue, path):
    response = client.get(path, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.json()["detail"]


@pytest.mark.parametrize("suffix", ["", ".jsonld", ".ttl", ".rdf"])
def test_an_unknown_dataset_is_404_in_every_format(client, catalogue, suffix):
    response = client.get(f"/dataset/tidak-ada{suffix}")
    assert response.status_code == 404
    assert response.json()["detail"]


# ---------------------------------------------------------------------------------------------
# Paging, as ckanext-dcat pages


def _next_page(graph: Graph) -> str | None:
    """ckanext-dcat's RDFParser.next_page: hydra:next on a PartialCollectionView first, then
    the deprecated hydra:nextPage on a PagedCollection."""
    for kind in (HYDRA.PartialCollectionView, HYDRA.PagedCollection):
        for node in graph.subjects(RDF.type, kind):
            for found in graph.objects(node, HYDRA.next):
                return str(found)
            for found in graph.objects(node, HYDRA.nextPage):
                return str(found)
    return None


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_harvester_pages_through_every_dataset_once(client, catalogue, monkeypatch, fmt):
    monkeypatch.setattr(dcat, "PAGE_SIZE", 2)
    url: str | None = f"/catalog.{fmt}"
    seen: list[str] = []
    pages = 0
    while url:
        graph = graph_of(client, url.removeprefix("http://testserver"), fmt)
        seen += [str(d) for d in graph.subjects(RDF.type, DCAT.Dataset)]
        url = _next_page(graph)
        pages += 1
        assert url is None or url.startswith(f"http://testserver/catalog.{fmt}?")
    assert pages == 3
    assert len(seen) == len(set(seen)) == 5


def test_paging_uses_hydra_views_and_the_older_terms(client, catalogue, monkeypatch):
    monkeypatch.setattr(dcat, "PAGE_SIZE", 2)
    graph = graph_of(client, "/catalog.ttl?page=2", "ttl")
    (view,) = graph.subjects(RDF.type, HYDRA.PartialCollectionView)
    assert (view, RDF.type, HYDRA.PagedCollection) in graph
    base = "http://testserver/catalog.ttl?page="
    for prop, number in (
        (HYDRA.first, 1),
        (HYDRA.previous, 1),
        (HYDRA.next, 3),
        (HYDRA.last, 3),
    ):
        assert graph.value(view, prop) == URIRef(f"{base}{number}"), prop
    for prop, number in ((HYDRA.firstPage, 1), (HYDRA.nextPage, 3), (HYDRA.lastPage, 3)):
        assert str(graph.value(view, prop)) == f"{base}{number}", prop
    assert graph.value(view, HYDRA.totalItems).toPython() == 5
    body = client.get("/catalog.jsonld?page=3").json()
    assert "hydra:next" not in body["hydra:view"] and "hydra:nextPage" not in body["hydra:view"]


def test_modified_since_keeps_what_changed_and_pages_with_it(client, catalogue):
    future = timezone.now() + timedelta(days=1)
    Dataset.objects.filter(name="peringatan-publik").update(
        modified_at=timezone.now() + timedelta(days=2)
    )
    body = client.get("/catalog.jsonld", {"modified_since": future.isoformat()}).json()
    assert [d["adms:identifier"]["skos:notation"] for d in body["dcat:dataset"]] == [
        "peringatan-publik"
    ]
    assert "modified_since=" in body["hydra:view"]["hydra:first"]["@id"]


@pytest.mark.parametrize(
    "query", ["modified_since=kemarin", "page=0", "page=x", "page=99999999999999999999"]
)
def test_bad_queries_answer_400_with_a_reason(client, catalogue, query):
    for path in ("/catalog", "/catalog.ttl"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert response.json()["detail"]
