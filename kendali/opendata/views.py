"""Open data for machines: streamed downloads and the DCAT catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from django.db.models import Max, Min, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kendali.lib.links import absolute
from kendali.lib.streaming import Slots, ThreadedStreamingResponse, csv_chunks, json_chunks
from kendali.opendata import actions, dcat, providers
from kendali.opendata.access import public_dataset, public_datasets
from kendali.opendata.choices import FORMATS, DatasetKind
from kendali.opendata.models import Resource

# Downloads streaming at once in this process; more wait for a free slot (503, Retry-After).
DOWNLOAD_SLOTS = Slots(8)

# ---------------------------------------------------------------------------------------------
# Downloads


def _file_chunks(resource: Resource) -> Iterator[bytes]:
    with resource.file.open("rb") as handle:
        yield from handle.chunks(65536)


def _chunks(request: HttpRequest, resource: Resource) -> Any:
    dataset = resource.dataset
    if resource.file:
        return _file_chunks(resource)
    if resource.format == "GeoJSON" and dataset.kind == DatasetKind.REPORTS:
        return json_chunks(
            '{"type":"FeatureCollection","features":[', providers.report_features(), "]}"
        )
    base = absolute(request, "/").rstrip("/")  # the site root; rows add their own paths
    return csv_chunks(providers.columns_of(dataset.kind), providers.rows_of(dataset.kind, base))


@require_GET
def download(request: HttpRequest, name: str, resource_id: str, filename: str) -> HttpResponseBase:
    """A resource, streamed in constant memory whatever its size."""
    resource = (
        Resource.objects.select_related("dataset")
        .filter(uuid=resource_id, dataset__name=name, dataset__is_published=True)
        .first()
    )
    if resource is None:
        raise Http404(_("Sumber data tidak ditemukan."))
    chunks = DOWNLOAD_SLOTS.take(_chunks(request, resource))
    if chunks is None:
        busy = HttpResponse(
            _("Terlalu banyak unduhan berjalan. Coba lagi sebentar lagi."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        busy["Retry-After"] = "10"
        return busy
    actions.count_download(resource)
    media_type = FORMATS.get(resource.format, ("application/octet-stream", ""))[0]
    if media_type.startswith("text/") or "json" in media_type:
        media_type += "; charset=utf-8"
    response = ThreadedStreamingResponse(chunks, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{resource.filename}"'
    if resource.size is not None and resource.file:
        response["Content-Length"] = str(resource.size)
    response["Cache-Control"] = "no-cache"
    return response


# ---------------------------------------------------------------------------------------------
# DCAT


def _bad_request(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message, "errors": []}, status=status)


def _format(request: HttpRequest, fmt: str | None) -> str | None:
    """The serialisation: the suffix when the path has one, else the best match of Accept
    (JSON-LD for */* or no Accept); None when Accept allows none of them."""
    if fmt is not None:
        return fmt
    if not request.headers.get("Accept", "").strip():
        return "jsonld"
    preferred = request.get_preferred_type(list(dcat.ACCEPTED))
    return dcat.ACCEPTED[preferred] if preferred is not None else None


def _not_acceptable() -> JsonResponse:
    return _bad_request(
        _("Format tidak tersedia. Minta salah satu: %(types)s.")
        % {"types": ", ".join(dcat.FORMAT_TYPES.values())},
        status=406,
    )


def _rdf_response(document: dict[str, Any], fmt: str, *, negotiated: bool) -> HttpResponse:
    media = dcat.FORMAT_TYPES[fmt]
    response = HttpResponse(dcat.serialise(document, fmt), content_type=f"{media}; charset=utf-8")
    if fmt == "jsonld":
        response["Content-Type"] = media  # JSON is UTF-8 by definition
    if negotiated:
        response["Vary"] = "Accept"
    return response


@require_GET
def catalog(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """The DCAT-AP catalogue, 100 datasets a page: ``/catalog`` by Accept, or
    ``/catalog.jsonld``, ``.ttl``, ``.rdf``."""
    chosen = _format(request, fmt)
    if chosen is None:
        return _not_acceptable()
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 0
    if not 1 <= page <= 2**31 - 1:
        return _bad_request(_("page harus bilangan bulat mulai 1."))
    everything = public_datasets()
    datasets = everything.order_by("-modified_at", "name")
    query = ""
    raw = request.GET.get("modified_since", "").strip()
    if raw:
        since = parse_datetime(raw.replace(" ", "+"))
        if since is None and parse_date(raw) is not None:
            since = parse_datetime(raw + "T00:00:00")
        if since is None:
            return _bad_request(_("modified_since bukan tanggal ISO 8601 yang valid."))
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        datasets = datasets.filter(Q(modified_at__gte=since) | Q(data_modified_at__gte=since))
        query = f"modified_since={quote(raw)}"
    total = datasets.count()
    rows = list(datasets[(page - 1) * dcat.PAGE_SIZE : page * dcat.PAGE_SIZE])
    whole = everything.order_by().aggregate(
        issued=Min("created_at"), modified=Max("modified_at"), data=Max("data_modified_at")
    )
    changes = [when for when in (whole["modified"], whole["data"]) if when is not None]
    page_of = dcat.CatalogPage(
        datasets=rows,
        total=total,
        page=page,
        query=query,
        issued=whole["issued"],
        modified=max(changes) if changes else None,
    )
    document = dcat.catalog_document(request, page_of, fmt=fmt)
    return _rdf_response(document, chosen, negotiated=fmt is None)


@require_GET
def dataset_rdf(request: HttpRequest, name: str, fmt: str | None = None) -> HttpResponse:
    """One dataset: ``/dataset/<name>`` by Accept, or with ``.jsonld``, ``.ttl``, ``.rdf``."""
    chosen = _format(request, fmt)
    if chosen is None:
        return _not_acceptable()
    dataset = public_dataset(name)
    if dataset is None:
        return _bad_request(_("Dataset tidak ditemukan."), status=404)
    document = dcat.dataset_document(request, dataset)
    return _rdf_response(document, chosen, negotiated=fmt is None)
