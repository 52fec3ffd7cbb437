"""Open data: streamed downloads, the DCAT catalogue, dataset pages on the public website and
the console's dataset screen."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kendali.agencies.models import Agency
from kendali.lib.access import staff_required
from kendali.lib.errors import ActionError
from kendali.lib.links import absolute
from kendali.lib.streaming import Slots, ThreadedStreamingResponse, csv_chunks, json_chunks
from kendali.opendata import actions, dcat, providers
from kendali.opendata.access import public_dataset, public_datasets
from kendali.opendata.choices import FORMATS, DatasetKind, Frequency, Licence, Theme
from kendali.opendata.models import Dataset, Resource

JSONLD_TYPE = "application/ld+json"
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


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"detail": message, "errors": []}, status=400)


@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 0
    if page < 1:
        return _bad_request(_("page harus bilangan bulat mulai 1."))
    datasets = public_datasets().order_by("-modified_at", "name")
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
        query = f"modified_since={raw}"
    total = datasets.count()
    rows = list(datasets[(page - 1) * dcat.PAGE_SIZE : page * dcat.PAGE_SIZE])
    document = dcat.catalog_document(request, rows, total=total, page=page, query=query)
    return JsonResponse(
        document, content_type=JSONLD_TYPE, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def dataset_jsonld(request: HttpRequest, name: str) -> HttpResponse:
    dataset = public_dataset(name)
    if dataset is None:
        return JsonResponse({"detail": _("Dataset tidak ditemukan."), "errors": []}, status=404)
    return JsonResponse(
        dcat.dataset_document(request, dataset),
        content_type=JSONLD_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


# ---------------------------------------------------------------------------------------------
# Portal


@require_GET
def dataset_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100].strip()
    datasets = public_datasets().order_by("title_ind")
    if q:
        datasets = datasets.filter(
            Q(title_id__icontains=q)
            | Q(title_en__icontains=q)
            | Q(notes_id__icontains=q)
            | Q(keywords__icontains=q)
        )
    return render(request, "opendata/portal/list.html", {"datasets": datasets, "q": q})


def preview_rows(dataset: Dataset, limit: int = 10) -> tuple[list[str], list[list[Any]]]:
    if not dataset.is_automatic:
        return list(dataset.columns), [list(r) for r in dataset.preview[:limit]]
    columns = providers.columns_of(dataset.kind)
    rows = providers.rows_of(dataset.kind)
    try:
        return columns, [list(r) for r in islice(rows, limit)]
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


@require_GET
def dataset_detail(request: HttpRequest, name: str) -> HttpResponse:
    dataset = public_dataset(name)
    if dataset is None:
        raise Http404(_("Dataset tidak ditemukan."))
    columns, rows = preview_rows(dataset)
    return render(
        request,
        "opendata/portal/detail.html",
        {
            "dataset": dataset,
            "columns": columns,
            "rows": rows,
            "licence_url": Licence.url(dataset.licence),
            "downloads": getattr(dataset, "downloads", 0) or 0,
        },
    )


# ---------------------------------------------------------------------------------------------
# Console


def _manager(request: HttpRequest) -> Any:
    if not actions.may_manage(request.user):
        raise Http404(_("Halaman tidak ditemukan."))
    return request.user


def _console_context(**extra: Any) -> dict[str, Any]:
    return {
        "datasets": Dataset.objects.select_related("publisher")
        .prefetch_related("resources")
        .order_by("kind", "title_ind"),
        "agencies": Agency.objects.filter(is_active=True),
        "licences": Licence.choices,
        "frequencies": Frequency.choices,
        "themes": Theme.choices,
        **extra,
    }


@require_GET
@staff_required
def console_list(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return render(request, "opendata/console/list.html", _console_context())


@require_http_methods(["POST"])
@staff_required
def console_upload(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    post = request.POST
    upload = request.FILES.get("file")
    meta = actions.UploadMeta(
        title_ind=post.get("title_ind", ""),
        title_en=post.get("title_en", ""),
        notes_ind=post.get("notes_ind", ""),
        notes_en=post.get("notes_en", ""),
        name=post.get("name", ""),
        publisher=post.get("publisher", ""),
        licence=post.get("licence", Licence.CC_BY),
        frequency=post.get("frequency", Frequency.IRREGULAR),
        theme=post.get("theme", Theme.GOVERNMENT),
        keywords=post.get("keywords", ""),
    )
    try:
        if upload is None:
            from kendali.lib.errors import Invalid

            message = _("Pilih berkas CSV, GeoJSON atau XLSX.")
            raise Invalid(message, {"file": message})
        dataset = actions.upload_dataset(actor, meta, upload.name or "", upload.read())
    except ActionError as exc:
        context = _console_context(error=exc, posted=post)
        return render(request, "opendata/console/list.html", context, status=exc.status_code)
    messages.success(request, _("Dataset %(title)s terbit.") % {"title": dataset.title_ind})
    return redirect("opendata-console:list")


@require_POST
@staff_required
def console_publish(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    dataset = Dataset.objects.filter(pk=pk).first()
    if dataset is None:
        raise Http404(_("Dataset tidak ditemukan."))
    actions.set_published(dataset, actor, published=request.POST.get("published") == "1")
    return redirect("opendata-console:list")


@require_POST
@staff_required
def console_refresh(request: HttpRequest) -> HttpResponse:
    _manager(request)
    actions.refresh_all()
    messages.success(request, _("Dataset otomatis diperbarui."))
    return redirect("opendata-console:list")
