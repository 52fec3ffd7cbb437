"""DCAT-AP 3 as JSON-LD: the catalogue at /catalog.jsonld (paged, ``modified_since``) and each
dataset at /dataset/<name>.jsonld, for harvesters of national and regional data portals."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from kendali.cities.models import City
from kendali.lib.links import absolute
from kendali.opendata.choices import (
    EU_FILE_TYPE,
    EU_FREQUENCY,
    EU_THEME,
    FORMATS,
    IANA_MEDIA,
    Licence,
)
from kendali.opendata.ckan import download_url
from kendali.opendata.models import Dataset

PAGE_SIZE = 100
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "hydra": "http://www.w3.org/ns/hydra/core#",
    "adms": "http://www.w3.org/ns/adms#",
}
LANGUAGE = "http://publications.europa.eu/resource/authority/language/IND"


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


def publisher(
    request: HttpRequest | None, dataset: Dataset | None, city: City | None
) -> dict[str, Any]:
    if dataset is not None and dataset.publisher is not None:
        agency = dataset.publisher
        return {
            "@id": absolute(request, f"/data/organisasi/{agency.code}"),
            "@type": "foaf:Agent",
            "foaf:name": agency.name,
        }
    return {
        "@id": absolute(request, "/data/organisasi/command-center"),
        "@type": "foaf:Agent",
        "foaf:name": city.command_center_name if city else "Command center",
    }


def dataset_node(
    request: HttpRequest | None, dataset: Dataset, city: City | None
) -> dict[str, Any]:
    page = absolute(request, reverse("opendata-portal:detail", args=[dataset.name]))
    licence = {"@id": Licence.url(dataset.licence)}
    distributions = []
    for resource in dataset.resources.all():
        media_type, file_type = FORMATS.get(resource.format, ("application/octet-stream", "BIN"))
        url = download_url(request, resource)
        node: dict[str, Any] = {
            "@id": url,
            "@type": "dcat:Distribution",
            "dct:identifier": str(resource.uuid),
            "dct:title": resource.name,
            "dcat:accessURL": {"@id": page},
            "dcat:downloadURL": {"@id": url},
            "dcat:mediaType": {"@id": IANA_MEDIA + media_type},
            "dct:format": {"@id": EU_FILE_TYPE + file_type},
            "dct:license": licence,
            "dct:modified": _date(dataset.data_modified_at),
        }
        if resource.size is not None:
            node["dcat:byteSize"] = {
                "@value": str(resource.size),
                "@type": "xsd:nonNegativeInteger",
            }
        distributions.append(node)
    email = (city.email if city else "") or ""
    contact: dict[str, Any] = {
        "@type": "vcard:Organization",
        "vcard:fn": publisher(request, dataset, city)["foaf:name"],
    }
    if email:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{email}"}
    return {
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:identifier": str(dataset.uuid),
        "dct:title": _text((dataset.title_ind or ""), (dataset.title_en or "")),
        "dct:description": _text(
            (dataset.notes_ind or "") or (dataset.title_ind or ""), (dataset.notes_en or "")
        ),
        "dcat:keyword": [{"@value": tag, "@language": "id"} for tag in dataset.tags],
        "dcat:theme": {"@id": EU_THEME + dataset.theme},
        "dct:publisher": publisher(request, dataset, city),
        "dcat:contactPoint": contact,
        "dct:issued": _date(dataset.created_at),
        "dct:modified": _date(max(dataset.modified_at, dataset.data_modified_at)),
        "dct:accrualPeriodicity": {"@id": EU_FREQUENCY + dataset.frequency},
        "dct:language": {"@id": LANGUAGE},
        "dcat:landingPage": {"@id": page},
        "adms:identifier": dataset.name,
        "dcat:distribution": distributions,
    }


def catalog_document(
    request: HttpRequest, datasets: list[Dataset], *, total: int, page: int, query: str
) -> dict[str, Any]:
    city = City.current()
    base = absolute(request, reverse("opendata:catalog"))
    last = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)

    def page_url(number: int) -> str:
        return f"{base}?{query + '&' if query else ''}page={number}"

    paging: dict[str, Any] = {
        "@id": page_url(page),
        "@type": "hydra:PagedCollection",
        "hydra:totalItems": total,
        "hydra:itemsPerPage": PAGE_SIZE,
        "hydra:firstPage": page_url(1),
        "hydra:lastPage": page_url(last),
    }
    if page > 1:
        paging["hydra:previousPage"] = page_url(page - 1)
    if page < last:
        paging["hydra:nextPage"] = page_url(page + 1)
    return {
        "@context": CONTEXT,
        "@id": base,
        "@type": "dcat:Catalog",
        "dct:title": _text(
            f"Data terbuka {city.command_center_name}" if city else "Data terbuka",
            f"{city.command_center_name} open data" if city else "",
        ),
        "dct:description": _text(
            "Data terbuka dari command center kota: laporan warga (anonim), statistik, peringatan.",
            "Open data from the city's command center: anonymised reports, statistics, warnings.",
        ),
        "dct:publisher": publisher(request, None, city),
        "foaf:homepage": {"@id": absolute(request, reverse("opendata-portal:list"))},
        "dct:language": {"@id": LANGUAGE},
        "dct:modified": _date(max((d.modified_at for d in datasets), default=timezone.now())),
        "dcat:dataset": [dataset_node(request, d, city) for d in datasets],
        "hydra:view": paging,
    }


def dataset_document(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    return {"@context": CONTEXT, **dataset_node(request, dataset, City.current())}
