"""The console's governance pages: the executive dashboard, Rapor OPD and the league table."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kendali.agencies.models import Agency
from kendali.cities.choices import AreaLevel
from kendali.cities.models import Area
from kendali.insights import actions, charts, drilldown
from kendali.insights.access import may_view_agency, may_view_insights, sees_all_agencies
from kendali.insights.board import Board, league, rank_of, typical_day
from kendali.insights.choices import KpiStatus, Measure, Period
from kendali.insights.forms import ReportForm
from kendali.insights.kpis import (
    Scope,
    Span,
    active_kpis,
    area_and_children,
    rollup_totals,
    span_of,
)
from kendali.insights.measures import Totals
from kendali.insights.models import Kpi, MonthlyReport
from kendali.lib.access import staff_required
from kendali.lib.errors import ActionError
from kendali.reports.choices import ReportStatus
from kendali.reports.models import Category, Report
from kendali.sla.choices import ClockKind


class BadRequest(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _span(request: HttpRequest) -> Span:
    kind = request.GET.get("periode") or Period.MONTH
    if kind not in Period.values:
        raise BadRequest(
            _("Periode tidak dikenal: pilih hari, minggu, bulan, triwulan atau tahun.")
        )
    raw = request.GET.get("tanggal", "")
    try:
        # By default the last complete period: a month that began yesterday says little.
        day = date.fromisoformat(raw) if raw else span_of(kind, timezone.localdate()).previous().end
    except ValueError:
        raise BadRequest(_("Tanggal tidak dapat dibaca; tulis seperti 2026-11-30.")) from None
    if not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        raise BadRequest(_("Tanggal di luar jangkauan."))
    return span_of(kind, day)


def _area(request: HttpRequest) -> Area | None:
    code = request.GET.get("wilayah", "")
    if not code:
        return None
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise BadRequest(_("Wilayah tidak dikenal."))
    return area


def _bad(request: HttpRequest, error: BadRequest) -> HttpResponse:
    return render(
        request, "insights/console/bad_request.html", {"message": error.message}, status=400
    )


def _tile(
    board: Board,
    kpi_result: Any,
    agencies: dict[int, Agency],
    area: Area | None = None,
) -> dict[str, Any]:
    """A KPI tile: its number links to the reports, and the agency doing worst on it to its
    scorecard (where the mayor goes next when a tile is red)."""
    kpi: Kpi = kpi_result.kpi
    worst = None
    if not kpi.agency_id and not area:
        ranked = [
            (agency_id, result)
            for agency_id, result in board.by_agency(kpi).items()
            if agency_id in agencies and result.status != KpiStatus.GREY
        ]
        order: dict[str, int] = {KpiStatus.RED: 0, KpiStatus.YELLOW: 1, KpiStatus.GREEN: 2}
        ranked.sort(
            key=lambda item: (
                order.get(item[1].status, 3),
                (item[1].value or 0) * (-1 if kpi.direction == "lower" else 1),
            )
        )
        if ranked and ranked[0][1].status != KpiStatus.GREEN:
            worst = (agencies[ranked[0][0]], ranked[0][1])
    return {
        "result": kpi_result,
        "link": drilldown.link(kpi, board.span, None, area),
        "worst": worst,
    }


def _periods() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Period.choices]


@require_GET
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if sees_all_agencies(user):
        return redirect("insights-console:dashboard")
    if may_view_insights(user):
        return redirect("insights-console:scorecard", code=user.agency.code)
    raise Http404


@require_GET
@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not sees_all_agencies(user):
        raise Http404
    try:
        span, area = _span(request), _area(request)
    except BadRequest as error:
        return _bad(request, error)
    scope = Scope(area_ids=area_and_children(area.pk) if area else None)
    kpis = active_kpis()
    board = Board(kpis, span, scope)
    agencies = list(Agency.objects.filter(is_active=True).order_by("code"))
    by_id = {a.pk: a for a in agencies}
    tiles = [_tile(board, board.result(kpi), by_id, area) for kpi in kpis]
    today = timezone.localdate()
    now_totals = board.backlog()
    today_totals = rollup_totals(scope, Span(today, today, Period.DAY)).get(None, Totals())
    span_totals = rollup_totals(scope, span, "area_id")
    kecamatan = {a.pk: a for a in Area.objects.filter(level=AreaLevel.KECAMATAN)}
    parent = dict(Area.objects.values_list("id", "parent_id"))
    per_kecamatan: Counter[int] = Counter()
    for area_id, totals in span_totals.items():
        top = area_id if isinstance(area_id, int) else None
        while top is not None and top not in kecamatan:
            top = parent.get(top)
        if top is not None:
            per_kecamatan[top] += totals.counters["created"]
    hotspot = charts.choropleth(
        [
            (a.code, a.name, a.geometry, float(per_kecamatan.get(a.pk, 0)))
            for a in kecamatan.values()
        ],
        _("Laporan masuk per kecamatan"),
    )
    by_category = rollup_totals(scope, span, "category_id")
    names = {c.pk: c.name for c in Category.objects.all()}
    top_categories = sorted(
        (
            (names.get(k, "?") if isinstance(k, int) else "?", float(t.counters["created"]))
            for k, t in by_category.items()
        ),
        key=lambda item: -item[1],
    )[:8]
    created_kpi = Kpi(
        code="_created", measure=Measure.CREATED, target=0, green=0, yellow=0, min_count=0
    )
    months = board.trend(created_kpi)
    table = league(board, agencies)
    overdue_kpi = _overdue_kpi(kpis)
    attention = [row for row in sorted(table, key=lambda r: (-r.reds, r.rank)) if row.reds][:5]
    context = {
        "all_agencies": True,
        "span": span,
        "area": area,
        "areas": list(kecamatan.values()),
        "periods": _periods(),
        "tiles": tiles,
        "open_now": now_totals.counters["open"],
        "overdue_now": now_totals.counters["overdue"],
        "new_today": today_totals.counters["created"],
        "typical": typical_day(scope, today),
        "hotspot": hotspot,
        "top_categories": charts.bars(top_categories, _("Kategori teratas")),
        "trend": charts.line(
            [r.value for r in months],
            [r.span.label if r.span else "" for r in months],
            _("Laporan masuk per bulan"),
        ),
        "trend_labels": (months[0].span.label, months[-1].span.label)
        if months and months[0].span and months[-1].span
        else ("", ""),
        "attention": attention,
        "queue_overdue": drilldown.link(overdue_kpi, None) if overdue_kpi else None,
    }
    return render(request, "insights/console/dashboard.html", context)


def _overdue_kpi(kpis: list[Kpi]) -> Kpi | None:
    return next((k for k in kpis if k.measure == Measure.OVERDUE_BACKLOG and not k.agency_id), None)


@require_GET
@staff_required
def league_table(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not sees_all_agencies(user):
        raise Http404
    try:
        span = _span(request)
    except BadRequest as error:
        return _bad(request, error)
    kpis = [k for k in active_kpis() if not k.agency_id]
    board = Board(kpis, span)
    agencies = list(Agency.objects.filter(is_active=True).order_by("code"))
    rows = league(board, agencies)
    return render(
        request,
        "insights/console/league.html",
        {
            "all_agencies": True,
            "span": span,
            "periods": _periods(),
            "kpis": kpis,
            "rows": [
                {
                    "row": row,
                    "cells": [
                        {"result": r, "link": drilldown.link(r.kpi, span, row.agency)}
                        for r in row.results
                    ],
                }
                for row in rows
            ],
        },
    )


@require_GET
@staff_required
def scorecard(request: HttpRequest, code: str) -> HttpResponse:
    user: Any = request.user
    agency = Agency.objects.filter(code=code).first()
    if agency is None or not may_view_agency(user, agency.pk):
        raise Http404
    try:
        span = _span(request)
    except BadRequest as error:
        return _bad(request, error)
    kpis = [k for k in active_kpis() if k.agency_id in (None, agency.pk)]
    board = Board(kpis, span, Scope(agency_id=agency.pk))
    city = Board(kpis, span)
    rows = []
    for kpi in kpis:
        result = board.result(kpi)
        months = board.trend(kpi)
        rank = rank_of(city.by_agency(kpi), agency.pk, kpi) if not kpi.agency_id else None
        rows.append(
            {
                "result": result,
                "link": drilldown.link(kpi, span, agency),
                "trend": charts.line(
                    [m.value for m in months],
                    [m.span.label if m.span else "" for m in months],
                    _("%(kpi)s, 12 bulan") % {"kpi": kpi.name},
                    width=200,
                    height=48,
                )
                if months
                else None,
                "rank": rank,
            }
        )
    now = timezone.now()
    overdue = list(
        Report.objects.filter(
            agency=agency,
            status__in=ReportStatus.open_values(),
            clocks__kind=ClockKind.RESOLVE,
            clocks__stopped_at__isnull=True,
            clocks__paused_at__isnull=True,
            clocks__due_at__lte=now,
        )
        .select_related("category", "area")
        .order_by("clocks__due_at")[:25]
    )
    return render(
        request,
        "insights/console/scorecard.html",
        {
            "agency": agency,
            "span": span,
            "periods": _periods(),
            "rows": rows,
            "overdue": overdue,
            "greens": sum(r["result"].status == KpiStatus.GREEN for r in rows),  # type: ignore[attr-defined]
            "reds": sum(r["result"].status == KpiStatus.RED for r in rows),  # type: ignore[attr-defined]
            "all_agencies": sees_all_agencies(user),
        },
    )


def _report_rows(user: Any) -> Any:
    rows = MonthlyReport.objects.select_related("agency")
    if not sees_all_agencies(user):
        rows = rows.filter(agency_id=user.agency_id)
    return rows


@require_http_methods(["GET", "POST"])
@staff_required
def reports(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not may_view_insights(user):
        raise Http404
    city_wide = sees_all_agencies(user)
    agencies = Agency.objects.filter(is_active=True).order_by("code")
    if not city_wide:
        agencies = agencies.filter(pk=user.agency_id)
    form = ReportForm(request.POST or None, agencies=agencies, city_wide=city_wide)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = actions.make_report(data["start"], data["end"], data["agency"], by=user)
            except ActionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Laporan sudah dibuat."))
                return redirect("insights-console:report-file", pk=made.pk)
        status = 400
    return render(
        request,
        "insights/console/reports.html",
        {"form": form, "reports": _report_rows(user)[:200], "all_agencies": city_wide},
        status=status,
    )


@require_GET
@staff_required
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    if not may_view_insights(user):
        raise Http404
    report = _report_rows(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    name = report.file.name.rsplit("/", 1)[-1]
    # A streamed file; staff_required's view type names HttpResponse, which it is not.
    return cast(
        HttpResponse,
        FileResponse(report.file.open("rb"), content_type="application/pdf", filename=name),
    )
