"""KPIs for BI tools: `GET /api/v1/kpis` and `GET /api/v1/kpis/{code}` (staff token or session).

Values are computed from the daily rollups for a period and a scope; an agency admin's
token sees only their agency's figures.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from kendali.agencies.models import Agency
from kendali.cities.models import Area
from kendali.insights.access import may_view_agency, may_view_insights, sees_all_agencies
from kendali.insights.board import Board
from kendali.insights.choices import Period
from kendali.insights.kpis import (
    BadPeriod,
    Result,
    Scope,
    Span,
    active_kpis,
    area_and_children,
    spans_back,
)
from kendali.insights.models import Kpi
from kendali.lib.api import ERRORS, STAFF_AUTH, staff_user
from kendali.lib.errors import Invalid, NotAllowed, NotFound
from kendali.reports.models import Category

router = Router(tags=["kpis"], auth=STAFF_AUTH)


class KpiQuery(Schema):
    period: Period = Field(default=Period.MONTH, description="day, week, month, quarter or year")
    day: date | None = Field(
        default=None, description="A day in the (last) period; today by default"
    )
    start: date | None = Field(default=None, description="Start of a custom period (with end)")
    end: date | None = Field(default=None, description="End of a custom period, inclusive")
    periods: int = Field(default=1, ge=1, le=36, description="How many periods back, oldest first")
    agency: str = Field(default="", max_length=64, description="Agency code")
    category: str = Field(default="", max_length=64, description="Category code")
    area: str = Field(default="", max_length=40, description="Area code (with its kelurahan)")
    channel: str = Field(default="", max_length=20)
    priority: str = Field(default="", max_length=10)


class KpiValueOut(Schema):
    period: str
    start: date | None
    end: date | None
    value: float | None
    status: str
    numerator: int | None
    denominator: int | None


class KpiOut(Schema):
    code: str
    name: str
    description: str
    measure: str
    unit: str
    direction: str
    target: float
    green: float
    yellow: float
    scope: dict[str, str | None]
    values: list[KpiValueOut]


def _spans(query: KpiQuery) -> list[Span]:
    if query.start or query.end:
        if not (query.start and query.end):
            raise Invalid(_("Periode khusus perlu start dan end."), {"end": _("Wajib diisi.")})
        if query.end < query.start:
            raise Invalid(
                _("Periode berakhir sebelum dimulai."), {"end": _("Harus sesudah start.")}
            )
        if (query.end - query.start).days > 3660:
            raise Invalid(_("Periode paling panjang sepuluh tahun."), {"end": _("Terlalu jauh.")})
        return [Span(query.start, query.end, "custom")]
    try:
        return spans_back(query.period, query.day or date.today(), query.periods)
    except (BadPeriod, OverflowError, ValueError):
        raise Invalid(
            _("Periode tidak dapat dihitung."), {"day": _("Tanggal di luar jangkauan.")}
        ) from None


def _scope(request: HttpRequest, query: KpiQuery) -> tuple[Scope, dict[str, str | None]]:
    user = staff_user(request)
    if not may_view_insights(user):
        raise NotAllowed(_("Peran Anda tidak dapat melihat kinerja."))
    scope = Scope(channel=query.channel, priority=query.priority)
    described: dict[str, str | None] = {
        "agency": None,
        "category": None,
        "area": None,
        "channel": query.channel or None,
        "priority": query.priority or None,
    }
    agency_code = query.agency or ("" if sees_all_agencies(user) else user.agency.code)
    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None or not may_view_agency(user, agency.pk):
            raise NotFound(_("Perangkat daerah tidak ditemukan."))
        scope = scope.narrowed(agency_id=agency.pk)
        described["agency"] = agency.code
    if query.category:
        category = Category.objects.filter(code=query.category).first()
        if category is None:
            raise NotFound(_("Kategori tidak ditemukan."))
        scope = scope.narrowed(category_id=category.pk)
        described["category"] = category.code
    if query.area:
        area = Area.objects.filter(code=query.area).first()
        if area is None:
            raise NotFound(_("Wilayah tidak ditemukan."))
        scope = scope.narrowed(area_ids=area_and_children(area.pk))
        described["area"] = area.code
    return scope, described


def _value(result: Result) -> dict[str, Any]:
    return {
        "period": result.span.label if result.span else "now",
        "start": result.span.start if result.span else None,
        "end": result.span.end if result.span else None,
        "value": result.value,
        "status": result.status,
        "numerator": result.numerator,
        "denominator": result.denominator,
    }


def _kpi(
    kpi: Kpi, board: Board, spans: list[Span], described: dict[str, str | None]
) -> dict[str, Any]:
    own = {
        "agency": kpi.agency.code if kpi.agency else None,
        "category": kpi.category.code if kpi.category else None,
        "area": kpi.area.code if kpi.area else None,
        "channel": kpi.channel or None,
        "priority": kpi.priority or None,
    }
    scope = {k: described.get(k) or own.get(k) for k in own}
    results = [board.result(kpi, span) for span in spans]
    if results and results[0].span is None:
        results = results[-1:]
    return {
        "code": kpi.code,
        "name": kpi.name,
        "description": kpi.description,
        "measure": kpi.measure,
        "unit": results[0].unit if results else "",
        "direction": kpi.direction,
        "target": kpi.target,
        "green": kpi.green,
        "yellow": kpi.yellow,
        "scope": scope,
        "values": [_value(r) for r in results],
    }


@router.get(
    "/kpis", response={200: list[KpiOut], **ERRORS}, summary="KPI values per period and scope"
)
def list_kpis(request: HttpRequest, query: Query[KpiQuery]) -> Any:
    spans = _spans(query)
    scope, described = _scope(request, query)
    kpis = active_kpis()
    board = Board(kpis, spans[-1], scope)
    return [_kpi(kpi, board, spans, described) for kpi in kpis]


@router.get("/kpis/{code}", response={200: KpiOut, **ERRORS}, summary="One KPI's values")
def get_kpi(request: HttpRequest, code: str, query: Query[KpiQuery]) -> Any:
    kpi = next(iter(active_kpis([code[:60]])), None)
    if kpi is None:
        raise NotFound(_("Indikator tidak ditemukan."))
    spans = _spans(query)
    scope, described = _scope(request, query)
    board = Board([kpi], spans[-1], scope)
    return _kpi(kpi, board, spans, described)
