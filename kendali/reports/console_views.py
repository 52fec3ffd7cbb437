"""The live queue, a report's detail with its actions, the map, and photos.

Agency staff get the same console limited to their agency's reports.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kendali.agencies.models import Agency
from kendali.lib.access import staff_required
from kendali.lib.cursor import BadCursor
from kendali.lib.errors import ActionError, NotFound
from kendali.reports import actions
from kendali.reports.access import access_report, can_act, visible_reports
from kendali.reports.choices import Priority, ReportStatus
from kendali.reports.filters import REPORT_SETS, ReportFilter, by_priority, page
from kendali.reports.forms import QueueFilterForm
from kendali.reports.models import Attachment, Report
from kendali.reports.panels import shown
from kendali.reports.schemas import may_see_reporter
from kendali.reports.stats import likely_duplicates
from kendali.reports.uploads import clean_photos


@require_GET
@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = QueueFilterForm(request.GET or None, show_agency=not user.is_agency_staff)  # type: ignore[union-attr]
    form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    chosen = ReportFilter(
        statuses=form.statuses() if form.is_bound else ReportStatus.open_values(),
        category=data.get("category", ""),
        agency=data.get("agency", ""),
        area=data.get("area", ""),
        priority=data.get("priority", ""),
        text=data.get("q", ""),
    )
    visible = visible_reports(user)
    report_set = REPORT_SETS.get(request.GET.get("set", ""))
    set_label = ""
    if report_set is not None:
        selected = report_set.select(request.GET, user)
        set_label, condition = selected if selected else (_("Tautan tidak dikenali."), Q(pk__in=[]))
        reports = visible.filter(condition)
    else:
        reports = chosen.apply(visible)
    reports = reports.select_related("category", "area", "agency", "suggested_agency")
    sort = "terbaru" if data.get("sort") == "terbaru" else "prioritas"
    next_cursor = next_page = None
    if sort == "terbaru":
        try:
            rows, next_cursor = page(reports, cursor=request.GET.get("cursor"), limit=PAGE)
        except BadCursor:
            rows, next_cursor = page(reports, cursor=None, limit=PAGE)
    else:
        number = int(request.GET["halaman"]) if request.GET.get("halaman", "").isdigit() else 1
        number = max(1, min(number, 1000))
        rows = list(by_priority(reports)[(number - 1) * PAGE : number * PAGE + 1])
        if len(rows) > PAGE:
            rows, next_page = rows[:PAGE], number + 1
    by_status = dict(
        visible.filter(status__in=ReportStatus.open_values())
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    context = {
        "form": form,
        "reports": rows,
        "next_cursor": next_cursor,
        "next_page": next_page,
        "status_counts": [
            (status, ReportStatus(status).label, by_status.get(status, 0))
            for status in ReportStatus.open_values()
        ],
        "query": _without_cursor(request),
        "set_label": set_label,
        "set_count": reports.count() if report_set is not None else None,
    }
    template = (
        "reports/console/_queue_table.html"
        if request.headers.get("HX-Request")
        else "reports/console/queue.html"
    )
    return render(request, template, context)


PAGE = 50


def _without_cursor(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("cursor", None)
    params.pop("halaman", None)
    return params.urlencode()


ACTION_LABELS = {
    "verify": gettext_lazy("Verifikasi"),
    "dispose": gettext_lazy("Disposisikan"),
    "hold": gettext_lazy("Tunda, minta informasi"),
    "resume": gettext_lazy("Lanjutkan"),
    "reject": gettext_lazy("Tolak"),
    "duplicate": gettext_lazy("Tandai duplikat"),
    "start": gettext_lazy("Mulai kerjakan"),
    "resolve": gettext_lazy("Selesaikan"),
    "return": gettext_lazy("Kembalikan ke command center"),
    "close": gettext_lazy("Tutup"),
    "reopen": gettext_lazy("Buka kembali"),
    "priority": gettext_lazy("Ubah prioritas"),
    "update": gettext_lazy("Tambah tindak lanjut"),
    "publish_description": gettext_lazy("Uraian di data terbuka"),
}


def detail_context(request: HttpRequest, report: Report) -> dict[str, Any]:
    """The report page's context; feature apps that post to it render it again on an error."""
    user = request.user
    report = (
        Report.objects.filter(pk=report.pk)
        .select_related(
            "category", "area", "area__parent", "agency", "suggested_agency", "duplicate_of"
        )
        .get()
    )
    allowed = [a for a in actions.allowed_actions(report) if can_act(user, a, report)]  # type: ignore[arg-type]
    if can_act(user, "publish_description", report):  # type: ignore[arg-type]
        allowed.append("publish_description")
    updates = list(report.updates.select_related("author", "agency"))
    photos: dict[int | None, list[Attachment]] = {}
    for attachment in report.attachments.all():
        photos.setdefault(attachment.update_id, []).append(attachment)
    timeline = [(update, photos.get(update.pk, [])) for update in updates]
    show_reporter = may_see_reporter(user, report)
    if show_reporter:
        actions.record_reporter_viewed(report, user, source="console")  # type: ignore[arg-type]
    return {
        "report": report,
        "allowed": allowed,
        "action_labels": ACTION_LABELS,
        "timeline": timeline,
        "photos": [a for group in photos.values() for a in group],
        "show_reporter": show_reporter,
        "agencies": Agency.objects.filter(is_active=True),
        "priorities": Priority.choices,
        "nearby": likely_duplicates(report) if "duplicate" in allowed else [],
        "duplicates": list(report.duplicates.only("ticket", "created_at")),
        "transitions": report.transitions.select_related("actor", "agency"),
        "panels": {
            "detail": shown("detail", request, report, user),
            "actions": shown("actions", request, report, user),
            "resolve": shown("resolve", request, report, user) if "resolve" in allowed else [],
        },
    }


@require_GET
@staff_required
def report_detail(request: HttpRequest, ticket: str) -> HttpResponse:
    report = _access(request, ticket)
    return render(request, "reports/console/report_detail.html", detail_context(request, report))


def _access(request: HttpRequest, ticket: str) -> Report:
    try:
        return access_report(request.user, ticket)
    except NotFound as exc:
        raise Http404(exc.message) from None


def _run_action(request: HttpRequest, report: Report, action: str) -> None:
    if action not in actions.PERFORM:
        raise Http404(_("Tindakan tidak dikenal."))
    photos = clean_photos(request.FILES.getlist("photos")) if action in actions.WITH_PHOTOS else []
    actions.perform(action, report, request.user, request.POST, photos)  # type: ignore[arg-type]


@require_POST
@staff_required
def report_action(request: HttpRequest, ticket: str, action: str) -> HttpResponse:
    report = _access(request, ticket)
    try:
        _run_action(request, report, action)
    except ActionError as exc:
        context = detail_context(request, report)
        context |= {"failed_action": action, "action_error": exc, "posted": request.POST}
        return render(
            request, "reports/console/report_detail.html", context, status=exc.status_code
        )
    messages.success(
        request,
        _("%(action)s: laporan %(ticket)s tersimpan.")
        % {"action": ACTION_LABELS.get(action, action), "ticket": report.ticket},
    )
    return redirect("reports-console:detail", ticket=report.ticket)


@require_GET
@staff_required
def report_map(request: HttpRequest) -> HttpResponse:
    legend = [(s, ReportStatus(s).label, ReportStatus.color(s)) for s in ReportStatus.open_values()]
    return render(request, "reports/console/map.html", {"legend": legend})


@require_GET
@staff_required
def photo(request: HttpRequest, key: str) -> HttpResponse:
    attachment = Attachment.objects.select_related("report").filter(access_key=key).first()
    if attachment is None:
        raise Http404(_("Foto tidak ditemukan."))
    _access(request, attachment.report.ticket)
    with attachment.file.open("rb") as handle:  # re-encoded photos are small: one read
        response = HttpResponse(handle.read(), content_type=attachment.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
