"""DCAT-AP 3.0.1: the catalogue (paged, ``modified_since``) and each dataset, as JSON-LD, Turtle
or RDF/XML, for harvesters of national and regional data portals (ckanext-dcat, the EU's
data.europa.eu, Satu Data portals).

Every mandatory and recommended property of the catalogue, its datasets, their distributions,
the publishing agents and the contact points is written, typed as DCAT-AP's shapes ask:
vocabulary terms are IRIs that carry their class (a licence is a ``dct:LicenseDocument``, a
theme a ``skos:Concept``, ...), times are ``xsd:dateTime`` literals, sizes
``xsd:nonNegativeInteger``. The document is built once as JSON-LD with an inline context (no
remote context to fetch); Turtle and RDF/XML are the same graph (``graph_of``), serialised by
rdflib.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation

from kendali.cities.models import Area, City
from kendali.lib.links import absolute
from kendali.opendata.choices import (
    EU_FILE_TYPE,
    EU_FREQUENCY,
    EU_THEME,
    FORMATS,
    IANA_MEDIA,
    DatasetKind,
    Frequency,
    Licence,
    Theme,
)
from kendali.opendata.ckan import download_url
from kendali.opendata.models import Dataset

PAGE_SIZE = 100
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatap": "http://data.europa.eu/r5r/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "adms": "http://www.w3.org/ns/adms#",
    "gsp": "http://www.opengis.net/ont/geosparql#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "hydra": "http://www.w3.org/ns/hydra/core#",
}
EU = "http://publications.europa.eu/resource/authority/"
LANGUAGE = EU + "language/"
LANGUAGES = ("IND", "ENG")  # the metadata is written in Indonesian and English
DATA_LANGUAGE = "IND"
THEME_SCHEME = EU + "data-theme"
FREQUENCY_SCHEME = EU + "frequency"
AVAILABILITY = EU + "planned-availability/"
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
LICENCE_TYPE_SCHEME = "http://purl.org/adms/licencetype/1.0"
# The catalogue's own metadata is free for any use.
CATALOG_LICENCE = Licence.CC0

# Serialisations: the suffix, its media type, and rdflib's name for it.
FORMAT_TYPES = {
    "jsonld": "application/ld+json",
    "ttl": "text/turtle",
    "rdf": "application/rdf+xml",
}
RDFLIB_FORMATS = {"ttl": "turtle", "rdf": "xml"}
# Media types a client may ask for in Accept, in our order of preference for */*.
ACCEPTED = {
    **{media: suffix for suffix, media in FORMAT_TYPES.items()},
    "application/json": "jsonld",
    "application/xml": "rdf",
    "text/xml": "rdf",
}


def _date(value: Any) -> dict[str, str]:
    return {
        "@value": timezone.localtime(value).isoformat(timespec="seconds"),
        "@type": "xsd:dateTime",
    }


def _text(indonesian: str, english: str) -> list[dict[str, str]]:
    texts = [{"@value": indonesian, "@language": "id"}]
    if english:
        texts.append({"@value": english, "@language": "en"})
    return texts


# The English labels of the vocabulary terms used here, as their publishers give them
# (a skos:Concept needs a skos:prefLabel); Indonesian labels come from the choices.
LABELS = {
    PUBLISHER_TYPE + "LocalAuthority": "Local Authority",
    "http://purl.org/adms/licencetype/Attribution": "Attribution",
    "http://purl.org/adms/licencetype/PublicDomain": "Public domain",
    "http://purl.org/adms/licencetype/ViralEffect-ShareAlike": "Viral effect (a.k.a. Share-alike)",
    AVAILABILITY + "STABLE": "stable",
    AVAILABILITY + "AVAILABLE": "available",
    **{
        EU_THEME + code: label
        for code, label in {
            "GOVE": "Government and public sector",
            "ENVI": "Environment",
            "TRAN": "Transport",
            "SOCI": "Population and society",
            "HEAL": "Health",
            "REGI": "Regions and cities",
            "ENER": "Energy",
        }.items()
    },
    **{
        EU_FREQUENCY + code: label
        for code, label in {
            "UPDATE_CONT": "continuously updated",
            "DAILY": "daily",
            "WEEKLY": "weekly",
            "MONTHLY": "monthly",
            "QUARTERLY": "quarterly",
            "ANNUAL": "annual",
            "IRREG": "irregular",
        }.items()
    },
}


SCHEME_TITLES = {
    THEME_SCHEME: "Data theme",
    FREQUENCY_SCHEME: "Frequency",
    EU + "planned-availability": "Planned availability",
    EU + "language": "Language",
    EU + "file-type": "File type",
    PUBLISHER_TYPE + "1.0": "Publisher type",
    LICENCE_TYPE_SCHEME: "Licence type",
}


def _scheme(iri: str) -> dict[str, Any]:
    return {
        "@id": iri,
        "@type": "skos:ConceptScheme",
        "dct:title": {"@value": SCHEME_TITLES[iri], "@language": "en"},
    }


def _concept(iri: str, scheme: str, indonesian: str = "") -> dict[str, Any]:
    labels = [{"@value": LABELS.get(iri, iri.rsplit("/", 1)[-1]), "@language": "en"}]
    if indonesian:
        labels.append({"@value": indonesian, "@language": "id"})
    return {
        "@id": iri,
        "@type": "skos:Concept",
        "skos:inScheme": _scheme(scheme),
        "skos:prefLabel": labels,
    }


def _label_id(choices: Any, value: str) -> str:
    """A choice's label in Indonesian, whatever language the request is in."""
    with translation.override("id"):
        return str(choices(value).label)


def _document(url: str) -> dict[str, str]:
    return {"@id": url, "@type": "foaf:Document"}


def _languages(*codes: str) -> list[dict[str, Any]]:
    return [
        {
            "@id": LANGUAGE + code,
            "@type": "dct:LinguisticSystem",
            "skos:inScheme": _scheme(EU + "language"),
        }
        for code in codes
    ]


def licence_node(value: str) -> dict[str, Any]:
    return {
        "@id": Licence.eu_uri(value),
        "@type": "dct:LicenseDocument",
        "dct:type": [_concept(kind, LICENCE_TYPE_SCHEME) for kind in Licence.types(value)],
    }


@dataclass
class Site:
    """What every node of one answer shares: the request, the city and its extent."""

    request: HttpRequest | None
    city: City | None
    location: dict[str, Any] | None


def site_of(request: HttpRequest | None) -> Site:
    return Site(request=request, city=(city := City.current()), location=location_of(city))


def location_of(city: City | None) -> dict[str, Any] | None:
    """The city as a ``dct:Location``: its name, centre, and the box around its areas."""
    if city is None:
        return None
    node: dict[str, Any] = {
        "@id": "_:kota",
        "@type": "dct:Location",
        "skos:prefLabel": {"@value": city.name, "@language": "id"},
        "dcat:centroid": {
            "@value": f"POINT({city.longitude} {city.latitude})",
            "@type": "gsp:wktLiteral",
        },
    }
    box = Area.objects.filter(city=city).aggregate(
        west=Min("min_lon"), south=Min("min_lat"), east=Max("max_lon"), north=Max("max_lat")
    )
    if box["west"] is not None:
        w, s, e, n = box["west"], box["south"], box["east"], box["north"]
        node["dcat:bbox"] = {
            "@value": f"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))",
            "@type": "gsp:wktLiteral",
        }
    return node


def publisher(site: Site, dataset: Dataset | None) -> dict[str, Any]:
    """The agent that publishes: the dataset's agency, or the city's command center; a local
    authority in ADMS's publisher types."""
    if dataset is not None and dataset.publisher is not None:
        code, name = dataset.publisher.code, dataset.publisher.name
    else:
        code = "command-center"
        name = site.city.command_center_name if site.city else "Command center"
    return {
        "@id": absolute(site.request, f"/data/organisasi/{code}"),
        "@type": ["foaf:Agent", "foaf:Organization"],
        "foaf:name": name,
        "dct:type": _concept(PUBLISHER_TYPE + "LocalAuthority", PUBLISHER_TYPE + "1.0"),
    }


def contact_point(site: Site, dataset: Dataset | None) -> dict[str, Any]:
    """Whom to ask about a dataset: its agency's desk, else the command center's, as a
    ``vcard:Kind`` with a mailto: IRI (never a person)."""
    agency = dataset.publisher if dataset is not None else None
    name = publisher(site, dataset)["foaf:name"]
    email = (agency.email if agency else "") or (site.city.email if site.city else "")
    phone = (agency.phone if agency else "") or (site.city.phone if site.city else "")
    contact: dict[str, Any] = {
        "@type": ["vcard:Kind", "vcard:Organization"],
        "vcard:fn": name,
        "vcard:hasURL": {"@id": absolute(site.request, reverse("opendata-portal:list"))},
    }
    if email:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{email}"}
    if phone:
        contact["vcard:hasTelephone"] = {"@id": "tel:" + "".join(phone.split())}
    return contact


def temporal(dataset: Dataset) -> dict[str, Any] | None:
    if dataset.temporal_start is None or dataset.temporal_end is None:
        return None
    return {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": _date(dataset.temporal_start),
        "dcat:endDate": _date(dataset.temporal_end),
    }


def distribution_node(site: Site, dataset: Dataset, resource: Any, page: str) -> dict[str, Any]:
    media_type, file_type = FORMATS.get(resource.format, ("application/octet-stream", "BIN"))
    url = download_url(site.request, resource)
    stable = dataset.kind != DatasetKind.UPLOAD
    node: dict[str, Any] = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:identifier": str(resource.uuid),
        "dct:title": resource.name,
        "dct:description": _text(
            f"Berkas {resource.format}: {dataset.title_ind or ''}",
            f"{resource.format} file: {dataset.title_en or dataset.title_ind or ''}",
        ),
        "dcat:accessURL": {"@id": page},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": IANA_MEDIA + media_type, "@type": "dct:MediaType"},
        "dct:format": {
            "@id": EU_FILE_TYPE + file_type,
            "@type": "dct:MediaTypeOrExtent",
            "skos:inScheme": _scheme(EU + "file-type"),
        },
        "dct:license": licence_node(dataset.licence),
        "dcatap:availability": _concept(
            AVAILABILITY + ("STABLE" if stable else "AVAILABLE"), EU + "planned-availability"
        ),
        "dct:language": _languages(DATA_LANGUAGE),
        "dct:issued": _date(resource.created_at),
        "dct:modified": _date(dataset.data_modified_at if stable else resource.modified_at),
    }
    if resource.size is not None:
        node["dcat:byteSize"] = {
            "@value": str(resource.size),
            "@type": "xsd:nonNegativeInteger",
        }
    return node


def dataset_node(site: Site, dataset: Dataset) -> dict[str, Any]:
    page = absolute(site.request, reverse("opendata-portal:detail", args=[dataset.name]))
    node: dict[str, Any] = {
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:identifier": str(dataset.uuid),
        # The name in Kendali's addresses and CKAN API, as an identifier node.
        "adms:identifier": {"@type": "adms:Identifier", "skos:notation": dataset.name},
        "dct:title": _text((dataset.title_ind or ""), (dataset.title_en or "")),
        "dct:description": _text(
            (dataset.notes_ind or "") or (dataset.title_ind or ""), (dataset.notes_en or "")
        ),
        "dcat:keyword": [{"@value": tag, "@language": "id"} for tag in dataset.tags],
        "dcat:theme": _concept(
            EU_THEME + dataset.theme, THEME_SCHEME, _label_id(Theme, dataset.theme)
        ),
        "dct:publisher": publisher(site, dataset),
        "dcat:contactPoint": contact_point(site, dataset),
        "dct:issued": _date(dataset.created_at),
        "dct:modified": _date(max(dataset.modified_at, dataset.data_modified_at)),
        "dct:accrualPeriodicity": _concept(
            EU_FREQUENCY + dataset.frequency,
            FREQUENCY_SCHEME,
            _label_id(Frequency, dataset.frequency),
        )
        | {"@type": ["dct:Frequency", "skos:Concept"]},
        "dct:language": _languages(DATA_LANGUAGE),
        "dcat:landingPage": _document(page),
        "dcat:distribution": [
            distribution_node(site, dataset, resource, page) for resource in dataset.resources.all()
        ],
    }
    if site.location is not None:
        node["dct:spatial"] = site.location
    period = temporal(dataset)
    if period is not None:
        node["dct:temporal"] = period
    return node


def _paging(base: str, query: str, *, total: int, page: int) -> dict[str, Any]:
    """Hydra paging as ckanext-dcat reads it: a ``hydra:PartialCollectionView`` with
    first/last/next/previous as IRIs, and the deprecated ``hydra:PagedCollection`` terms
    (firstPage, ...) that older harvesters look for, on the same node."""
    last = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)

    def page_url(number: int) -> str:
        return f"{base}?{query + '&' if query else ''}page={number}"

    paging: dict[str, Any] = {
        "@id": page_url(page),
        "@type": ["hydra:PartialCollectionView", "hydra:PagedCollection"],
        "hydra:totalItems": total,
        "hydra:itemsPerPage": PAGE_SIZE,
        "hydra:first": {"@id": page_url(1)},
        "hydra:last": {"@id": page_url(last)},
        "hydra:firstPage": page_url(1),
        "hydra:lastPage": page_url(last),
    }
    if page > 1:
        paging["hydra:previous"] = {"@id": page_url(page - 1)}
        paging["hydra:previousPage"] = page_url(page - 1)
    if page < last:
        paging["hydra:next"] = {"@id": page_url(page + 1)}
        paging["hydra:nextPage"] = page_url(page + 1)
    return paging


@dataclass
class CatalogPage:
    """One page of the catalogue and what the whole catalogue says about itself."""

    datasets: list[Dataset]
    total: int
    page: int
    query: str  # the filters to repeat in paging links (``modified_since=...``)
    issued: Any  # the first dataset's creation, or None
    modified: Any  # the last change of any dataset, or None


def catalog_document(
    request: HttpRequest, catalog: CatalogPage, *, fmt: str | None = None
) -> dict[str, Any]:
    """The catalogue's page. Its paging links keep the way it was asked for: the suffix
    ``fmt`` (``/catalog.ttl?page=2``), or ``/catalog?page=2`` when negotiated by Accept."""
    site = site_of(request)
    city = site.city
    identity = absolute(request, reverse("opendata:catalog"))
    base = absolute(request, reverse("opendata:catalog-as", args=[fmt])) if fmt else identity
    now = timezone.now()
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": identity,
        "@type": "dcat:Catalog",
        "dct:title": _text(
            f"Data terbuka {city.command_center_name}" if city else "Data terbuka",
            f"{city.command_center_name} open data" if city else "",
        ),
        "dct:description": _text(
            "Data terbuka dari command center kota: laporan warga (anonim), statistik, peringatan.",
            "Open data from the city's command center: anonymised reports, statistics, warnings.",
        ),
        "dct:publisher": publisher(site, None),
        "foaf:homepage": _document(absolute(request, reverse("opendata-portal:list"))),
        "dct:language": _languages(*LANGUAGES),
        "dct:license": licence_node(CATALOG_LICENCE),
        "dct:issued": _date(catalog.issued or now),
        "dct:modified": _date(catalog.modified or now),
        "dcat:themeTaxonomy": _scheme(THEME_SCHEME),
        "dcat:dataset": [dataset_node(site, d) for d in catalog.datasets],
        "hydra:view": _paging(base, catalog.query, total=catalog.total, page=catalog.page),
    }
    if site.location is not None:
        node["dct:spatial"] = site.location
    return node


def dataset_document(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    return {"@context": CONTEXT, **dataset_node(site_of(request), dataset)}


def serialise(document: dict[str, Any], fmt: str) -> bytes:
    """The document in one of FORMAT_TYPES: JSON-LD as written, or its graph as Turtle or
    RDF/XML."""
    if fmt == "jsonld":
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
    output: bytes = graph_of(document).serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")
    return output


def graph_of(document: dict[str, Any]) -> Any:
    """The RDF graph of a document written by this module.

    It reads the small part of JSON-LD used here (compact IRIs of CONTEXT, ``@id``,
    ``@type``, ``@value`` with ``@language`` or ``@type``, nested and blank nodes, lists as
    repeated values, strings and integers) directly, which is several times faster than
    rdflib's general JSON-LD reader; the tests check both read the same graph."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import RDF, XSD

    graph = Graph()
    for prefix, namespace in CONTEXT.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    blanks: dict[str, BNode] = {}

    def expand(name: str) -> URIRef:
        prefix, _, local = name.partition(":")
        return URIRef(CONTEXT[prefix] + local if prefix in CONTEXT and local else name)

    def node(value: dict[str, Any]) -> URIRef | BNode:
        identifier = value.get("@id")
        if identifier is None:
            subject: URIRef | BNode = BNode()
        elif identifier.startswith("_:"):
            subject = blanks.setdefault(identifier, BNode())
        else:
            subject = URIRef(identifier)
        types = value.get("@type", [])
        for kind in [types] if isinstance(types, str) else types:
            graph.add((subject, RDF.type, expand(kind)))
        for key, objects in value.items():
            if key.startswith("@"):
                continue
            for item in objects if isinstance(objects, list) else [objects]:
                graph.add((subject, expand(key), term(item)))
        return subject

    def term(value: Any) -> URIRef | BNode | Literal:
        if isinstance(value, dict) and "@value" in value:
            if "@language" in value:
                return Literal(value["@value"], lang=value["@language"])
            datatype = expand(value["@type"]) if "@type" in value else None
            return Literal(value["@value"], datatype=datatype)
        if isinstance(value, dict):
            return node(value)
        if isinstance(value, bool):
            return Literal(value)
        if isinstance(value, int):
            return Literal(str(value), datatype=XSD.integer)
        return Literal(str(value))

    node({key: value for key, value in document.items() if key != "@context"})
    return graph
