"""The console's dataset screen: uploads, publishing and refreshes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kendali.agencies.models import Agency
from kendali.lib.access import staff_required
from kendali.lib.errors import ActionError
from kendali.opendata import actions
from kendali.opendata.choices import Frequency, Licence, Theme
from kendali.opendata.models import Dataset


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
