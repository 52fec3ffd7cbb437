"""Public warnings: CAP documents, the Atom feed, a GeoJSON layer and portal pages; and the
console's screens where operators draft and supervisors publish."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kendali.cities.models import City
from kendali.lib.access import staff_required
from kendali.lib.errors import ActionError
from kendali.lib.links import absolute
from kendali.warnings import actions
from kendali.warnings.access import active_warnings, public_warning
from kendali.warnings.cap import CAP_TYPE
from kendali.warnings.choices import MessageType, WarningState
from kendali.warnings.forms import WarningForm
from kendali.warnings.models import PublicWarning

# ---------------------------------------------------------------------------------------------
# Machine-readable


@require_GET
def cap_document(request: HttpRequest, identifier: str) -> HttpResponse:
    """The CAP 1.2 document exactly as published."""
    warning = public_warning(identifier)
    if warning is None:
        raise Http404(_("Peringatan tidak ditemukan."))
    response = HttpResponse(warning.cap_xml.encode("utf-8"), content_type=CAP_TYPE)
    response["Cache-Control"] = "public, max-age=60"
    return response


class ActiveWarningsFeed(Feed[PublicWarning, PublicWarning]):
    """Active warnings as thin Atom entries, each linking its CAP document."""

    feed_type = Atom1Feed
    feed_url = "/warnings/feed.atom"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        city = City.current()
        name = city.command_center_name if city else "Kendali"
        return _("Peringatan aktif · %(name)s") % {"name": name}

    def link(self) -> str:
        return reverse("warnings-portal:list")

    def subtitle(self) -> str:
        return _("Peringatan publik yang sedang berlaku, masing-masing sebagai dokumen CAP 1.2.")

    def author_name(self) -> str:
        city = City.current()
        return city.command_center_name if city else "Kendali"

    def items(self) -> list[PublicWarning]:
        return list(active_warnings()[:100])

    def item_title(self, item: PublicWarning) -> str:
        return item.headline_ind or ""

    def item_description(self, item: PublicWarning) -> str:
        return f"{item.get_severity_display()} · {item.get_urgency_display()} · {item.event_ind}"

    def item_link(self, item: PublicWarning) -> str:
        return reverse("warnings:cap", args=[item.identifier])

    def item_guid(self, item: PublicWarning) -> str:
        return absolute(self.request, reverse("warnings:cap", args=[item.identifier]))

    def item_pubdate(self, item: PublicWarning) -> Any:
        return item.sent

    def item_updateddate(self, item: PublicWarning) -> Any:
        return item.sent

    def item_categories(self, item: PublicWarning) -> list[str]:
        return [item.category, item.msg_type]


def _feature(warning: PublicWarning) -> list[dict[str, Any]]:
    features = []
    for area in warning.areas.all():
        if not area.polygons:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[[[lon, lat] for lat, lon in ring]] for ring in area.polygons],
                },
                "properties": {
                    "identifier": warning.identifier,
                    "headline": warning.headline,
                    "event": warning.event,
                    "severity": warning.severity,
                    "severity_label": str(warning.get_severity_display()),
                    "color": warning.severity_color,
                    "area": area.description,
                    "expires": warning.expires.isoformat(),
                    "url": reverse("warnings-portal:detail", args=[warning.identifier]),
                },
            }
        )
    return features


@require_GET
def active_geojson(request: HttpRequest) -> HttpResponse:
    """Areas of the active alerts and updates, for the portal's and the console's maps."""
    rows = active_warnings().exclude(msg_type=MessageType.CANCEL).prefetch_related("areas")
    features = [feature for warning in rows for feature in _feature(warning)]
    return JsonResponse({"type": "FeatureCollection", "features": features})


# ---------------------------------------------------------------------------------------------
# Portal pages


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


# ---------------------------------------------------------------------------------------------
# Console


def _center(request: HttpRequest) -> Any:
    user = request.user
    if not user.is_center_staff:  # type: ignore[union-attr]
        raise Http404(_("Halaman tidak ditemukan."))
    return user


def _warning(pk: int) -> PublicWarning:
    warning = (
        PublicWarning.objects.select_related("author", "approver", "references")
        .prefetch_related("areas")
        .filter(pk=pk)
        .first()
    )
    if warning is None:
        raise Http404(_("Peringatan tidak ditemukan."))
    return warning


@require_GET
@staff_required
def console_list(request: HttpRequest) -> HttpResponse:
    _center(request)
    rows = PublicWarning.objects.select_related("author", "approver").exclude(
        state=WarningState.DISCARDED
    )[:200]
    return render(request, "warnings/console/list.html", {"warnings": rows})


@require_http_methods(["GET", "POST"])
@staff_required
def console_new(request: HttpRequest) -> HttpResponse:
    user = _center(request)
    if request.method == "POST":
        form = WarningForm(request.POST)
        if form.is_valid():
            try:
                warning = actions.draft_warning(user, form.to_draft())
            except ActionError as exc:
                form.add_action_errors(exc.errors, exc.message)
            else:
                messages.success(
                    request, _("Draf peringatan tersimpan. Minta supervisor lain menerbitkannya.")
                )
                return redirect("warnings-console:detail", pk=warning.pk)
        return render(request, "warnings/console/form.html", {"form": form}, status=400)
    return render(request, "warnings/console/form.html", {"form": WarningForm()})


@require_http_methods(["GET", "POST"])
@staff_required
def console_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _center(request)
    warning = _warning(pk)
    if warning.state != WarningState.DRAFT:
        return redirect("warnings-console:detail", pk=pk)
    if request.method == "POST":
        form = WarningForm(request.POST)
        if form.is_valid():
            try:
                actions.edit_draft(warning, user, form.to_draft())
            except ActionError as exc:
                form.add_action_errors(exc.errors, exc.message)
            else:
                messages.success(request, _("Draf peringatan tersimpan."))
                return redirect("warnings-console:detail", pk=pk)
        context = {"form": form, "warning": warning}
        return render(request, "warnings/console/form.html", context, status=400)
    form = WarningForm(initial=WarningForm.initial_from(actions.draft_from(warning)))
    return render(request, "warnings/console/form.html", {"form": form, "warning": warning})


@require_GET
@staff_required
def console_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _center(request)
    warning = _warning(pk)
    return render(request, "warnings/console/detail.html", _detail_context(user, warning))


def _detail_context(user: Any, warning: PublicWarning) -> dict[str, Any]:
    return {
        "warning": warning,
        "may_publish": warning.state == WarningState.DRAFT
        and user.is_supervisor
        and warning.author_id != user.pk,
        "is_author": warning.author_id == user.pk,
        "followups": warning.followups.select_related("author").order_by("created_at"),
    }


@require_POST
@staff_required
def console_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _center(request)
    warning = _warning(pk)
    try:
        if action == "publish":
            actions.publish_warning(warning, user, request=request)
            messages.success(request, _("Peringatan diterbitkan sebagai dokumen CAP."))
        elif action == "discard":
            actions.discard_draft(warning, user)
            messages.success(request, _("Draf dibuang."))
            return redirect("warnings-console:list")
        elif action == "update":
            followup = actions.draft_update(warning, user)
            messages.success(request, _("Draf pembaruan dibuat; sesuaikan lalu minta diterbitkan."))
            return redirect("warnings-console:edit", pk=followup.pk)
        elif action == "cancel":
            followup = actions.draft_cancel(warning, user, reason=request.POST.get("reason", ""))
            messages.success(
                request, _("Draf pembatalan dibuat; minta supervisor lain menerbitkannya.")
            )
            return redirect("warnings-console:detail", pk=followup.pk)
        else:
            raise Http404(_("Tindakan tidak dikenal."))
    except ActionError as exc:
        context = _detail_context(user, _warning(pk)) | {"action_error": exc}
        return render(request, "warnings/console/detail.html", context, status=exc.status_code)
    return redirect("warnings-console:detail", pk=pk)
