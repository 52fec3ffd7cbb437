"""The console's warning screens, where operators draft and supervisors publish."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kendali.lib.access import staff_required
from kendali.lib.errors import ActionError
from kendali.warnings import actions
from kendali.warnings.choices import WarningState
from kendali.warnings.forms import WarningForm
from kendali.warnings.models import PublicWarning


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
            followup = actions.draft_cancel(
                warning,
                user,
                reason=request.POST.get("reason", ""),
                reason_en=request.POST.get("reason_en", ""),
                reason_su=request.POST.get("reason_su", ""),
            )
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
