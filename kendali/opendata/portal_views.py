"""Dataset pages on the public website."""

from __future__ import annotations

from itertools import islice
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kendali.opendata import providers
from kendali.opendata.access import public_dataset, public_datasets
from kendali.opendata.choices import Licence
from kendali.opendata.models import Dataset


@require_GET
def dataset_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100].strip()
    datasets = public_datasets().order_by("title_ind")
    if q:
        datasets = datasets.filter(
            Q(title_ind__icontains=q)
            | Q(title_en__icontains=q)
            | Q(title_su__icontains=q)
            | Q(notes_ind__icontains=q)
            | Q(notes_en__icontains=q)
            | Q(notes_su__icontains=q)
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
