"""Kinerja layanan: how fast the city's agencies answer, for everyone, with no personal data."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kendali.agencies.models import Agency
from kendali.insights import charts
from kendali.insights.board import Board
from kendali.insights.choices import Direction, Measure, Period
from kendali.insights.kpis import Result, Span, span_of, spans_back
from kendali.insights.models import Kpi
from kendali.reports.models import Category

ON_TIME = "kepatuhan-sla"
MEDIAN = "median-penyelesaian"


def _kpi(code: str, measure: str, direction: str) -> Kpi:
    """The shipped KPI by code (its targets and names), else the plain measure."""
    found = Kpi.objects.filter(code=code).first()
    if found is not None:
        return found
    return Kpi(code=code, measure=measure, direction=direction, target=0, green=0, yellow=0)


@dataclass(frozen=True)
class Line:
    kind: str
    code: str
    name: str
    on_time: Result
    median: Result


def _lines(span: Span) -> tuple[Kpi, Kpi, list[Line], list[Line], Board]:
    on_time = _kpi(ON_TIME, Measure.SLA_COMPLIANCE, Direction.HIGHER)
    median = _kpi(MEDIAN, Measure.RESOLVE_HOURS_MEDIAN, Direction.LOWER)
    board = Board([on_time, median], span)
    lines: dict[str, list[Line]] = {}
    for kind, key, rows in (
        ("agency", "agency_id", Agency.objects.filter(is_active=True).order_by("code")),
        (
            "category",
            "category_id",
            Category.objects.filter(is_active=True).order_by("sort_order", "code"),
        ),
    ):
        on_time_by, median_by = board.by(on_time, key), board.by(median, key)
        lines[kind] = [
            Line(
                kind,
                row.code,
                row.name,
                on_time_by.get(row.pk) or board.empty(on_time),
                median_by.get(row.pk) or board.empty(median),
            )
            for row in rows
        ]
    return on_time, median, lines["agency"], lines["category"], board


def _last_month() -> Span:
    return span_of(Period.MONTH, timezone.localdate()).previous()


@require_GET
def performance(request: HttpRequest) -> HttpResponse:
    span = _last_month()
    on_time, median, agencies, categories, board = _lines(span)
    months = board.trend(on_time)
    medians = board.trend(median)
    return render(
        request,
        "insights/portal/performance.html",
        {
            "span": span,
            "agencies": agencies,
            "categories": categories,
            "city_on_time": board.result(on_time),
            "city_median": board.result(median),
            "trend_on_time": charts.line(
                [m.value for m in months],
                [m.span.label if m.span else "" for m in months],
                _("Selesai tepat waktu per bulan (%)"),
            ),
            "trend_median": charts.line(
                [m.value for m in medians],
                [m.span.label if m.span else "" for m in medians],
                _("Median jam kerja sampai selesai per bulan"),
            ),
            "first_month": months[0].span if months else None,
        },
    )


FIELDS = [
    "month",
    "group",
    "code",
    "name",
    "resolved_on_time_percent",
    "deadlines_due",
    "median_working_hours",
    "resolved",
]


def _rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for span in spans_back(Period.MONTH, _last_month().end, 12):
        _on, _med, agencies, categories, board = _lines(span)
        city = Line("city", "", _("Seluruh kota"), board.result(_on), board.result(_med))
        for line in [city, *agencies, *categories]:
            rows.append(
                {
                    "month": span.label,
                    "group": line.kind,
                    "code": line.code,
                    "name": str(line.name),
                    "resolved_on_time_percent": line.on_time.value,
                    "deadlines_due": line.on_time.denominator,
                    "median_working_hours": line.median.value,
                    "resolved": line.median.denominator,
                }
            )
    return rows


@require_GET
def performance_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "json"):
        raise Http404(_("Format tidak tersedia: pilih csv atau json."))
    rows = _rows()
    if fmt == "json":
        response = HttpResponse(
            json.dumps({"fields": FIELDS, "rows": rows}, ensure_ascii=False, default=str),
            content_type="application/json; charset=utf-8",
        )
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kinerja-layanan.{fmt}"'
    return response
