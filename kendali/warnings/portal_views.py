"""Warnings on the public website."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kendali.warnings.access import active_warnings, public_warning


@require_GET
def warning_list(request: HttpRequest) -> HttpResponse:
    rows = active_warnings().prefetch_related("areas")
    return render(request, "warnings/portal/list.html", {"warnings": rows})


@require_GET
def warning_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    warning = public_warning(identifier)
    if warning is None:
        raise Http404(_("Peringatan tidak ditemukan."))
    newer = warning.followups.filter(sent__isnull=False).order_by("-sent").first()
    return render(request, "warnings/portal/detail.html", {"warning": warning, "newer": newer})
