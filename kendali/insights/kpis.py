"""Evaluate KPIs: a period, a scope, the rollups' sums, a value and its colour.

Every figure on the scorecards, dashboards, the public page and the API comes from
`evaluate()` over rollup rows; `raw_totals()` computes the same sums from the reports
themselves, for the tests and for anyone who doubts a number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from kendali.cities.models import Area
from kendali.insights.choices import Direction, KpiStatus, Period, Unit
from kendali.insights.facts import day_bounds, facts_for
from kendali.insights.measures import COUNTERS, MEASURES, Totals, Value, totals_from_facts
from kendali.insights.models import (
    DailyRollup,
    DurationRollup,
    Kpi,
    MonthDuration,
    MonthRollup,
)
from kendali.reports.models import Report


class BadPeriod(ValueError):
    """The period cannot be understood (an unknown kind, or it ends before it starts)."""


@dataclass(frozen=True)
class Span:
    start: date
    end: date  # inclusive
    kind: str = Period.MONTH

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadPeriod("end before start")

    @property
    def label(self) -> str:
        if self.kind == Period.MONTH:
            return self.start.strftime("%Y-%m")
        if self.kind == Period.YEAR:
            return str(self.start.year)
        if self.kind == Period.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def previous(self) -> Span:
        return span_of(self.kind, self.start - timedelta(days=1))


def span_of(kind: str, day: date) -> Span:
    """The day, week (Monday first), month, quarter or year that holds ``day``."""
    if kind == Period.DAY:
        return Span(day, day, kind)
    if kind == Period.WEEK:
        start = day - timedelta(days=day.weekday())
        return Span(start, start + timedelta(days=6), kind)
    if kind == Period.MONTH:
        start = day.replace(day=1)
    elif kind == Period.QUARTER:
        start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    elif kind == Period.YEAR:
        start = day.replace(month=1, day=1)
    else:
        raise BadPeriod(kind)
    months = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}[Period(kind)]
    year, month = divmod(start.month - 1 + months, 12)
    end = date(start.year + year, month + 1, 1) - timedelta(days=1)
    return Span(start, end, kind)


def spans_back(kind: str, last: date, count: int) -> list[Span]:
    """``count`` consecutive periods ending with the one holding ``last``, oldest first."""
    spans = [span_of(kind, last)]
    while len(spans) < count:
        spans.append(spans[-1].previous())
    return spans[::-1]


@dataclass(frozen=True)
class Scope:
    agency_id: int | None = None
    category_id: int | None = None
    area_ids: frozenset[int] | None = None
    channel: str = ""
    priority: str = ""

    @classmethod
    def of(cls, kpi: Kpi) -> Scope:
        return cls(
            agency_id=kpi.agency_id,
            category_id=kpi.category_id,
            area_ids=area_and_children(kpi.area_id) if kpi.area_id else None,
            channel=kpi.channel,
            priority=kpi.priority,
        )

    def narrowed(self, **kwargs: object) -> Scope:
        """This scope with more filters; a KPI's own scope is never widened."""
        values = {k: v for k, v in kwargs.items() if v not in (None, "")}
        for name in ("agency_id", "category_id", "channel", "priority"):
            own = getattr(self, name)
            if name in values and own not in (None, "") and values[name] != own:
                values[name] = -1 if name.endswith("_id") else "~none"
        if "area_ids" in values and self.area_ids is not None:
            values["area_ids"] = self.area_ids & values["area_ids"]  # type: ignore[operator]
        return replace(self, **values)  # type: ignore[arg-type]

    def q(self) -> Q:
        q = Q()
        if self.agency_id is not None:
            q &= Q(agency_id=self.agency_id)
        if self.category_id is not None:
            q &= Q(category_id=self.category_id)
        if self.area_ids is not None:
            q &= Q(area_id__in=sorted(self.area_ids))
        if self.channel:
            q &= Q(channel=self.channel)
        if self.priority:
            q &= Q(priority=self.priority)
        return q


def area_and_children(area_id: int) -> frozenset[int]:
    ids = {area_id}
    frontier = {area_id}
    while frontier:
        frontier = set(Area.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier -= ids
        ids |= frontier
    return frozenset(ids)


BACKLOG_COUNTERS = ["created", "open", "overdue"]


def whole_months(span: Span) -> bool:
    return span.start.day == 1 and (span.end + timedelta(days=1)).day == 1


def coarse(scope: Scope, span: Span | None, by: str | None) -> bool:
    """Whether the month sums (per agency and category) can answer: whole months, and no
    area, channel or priority in the scope or the grouping."""
    return (
        span is not None
        and whole_months(span)
        and scope.area_ids is None
        and not scope.channel
        and not scope.priority
        and by in (None, "agency_id", "category_id")
    )


def rollup_totals(scope: Scope, span: Span | None, by: str | None = None) -> dict[object, Totals]:
    """Sum the rollups in scope for ``span``, per ``by`` value or in one.

    Whole months without an area, channel or priority read the month sums; other periods the
    daily rows. ``span=None`` is the backlog: only the days that still hold open reports (a
    partial index), so the counters that mean "now" (open, overdue) come out right while the
    others cover those days only, and no durations are read.
    """
    rows: Any
    durations: Any
    if coarse(scope, span, by):
        assert span is not None
        rows = MonthRollup.objects.filter(scope.q(), month__range=(span.start, span.end))
        durations = MonthDuration.objects.filter(scope.q(), month__range=(span.start, span.end))
    elif span is not None:
        rows = DailyRollup.objects.filter(scope.q(), day__range=(span.start, span.end))
        durations = DurationRollup.objects.filter(scope.q(), day__range=(span.start, span.end))
    else:
        rows = DailyRollup.objects.filter(scope.q(), open__gt=0)
        durations = None
    keys = [by] if by else []
    # The backlog needs only what "now" means; the other sums would be for those days alone.
    counters = COUNTERS if span is not None else BACKLOG_COUNTERS
    sums = {f"s_{c}": Sum(c) for c in counters}
    result: dict[object, Totals] = {}
    # One row per group; without a grouping, one aggregate (values() with no field would
    # group by every column and return the rollup rows themselves).
    grouped: Any = rows.values(by).annotate(**sums).order_by() if by else [rows.aggregate(**sums)]
    for values in grouped:
        if not by and values["s_created"] is None:
            continue  # no rollup rows in scope
        totals = result.setdefault(values.get(by) if by else None, Totals())
        totals.counters.update({c: values[f"s_{c}"] or 0 for c in counters})
    if durations is not None:
        for values in durations.values(*keys, "hours").annotate(total=Sum("n")).order_by():
            totals = result.setdefault(values.get(by) if by else None, Totals())
            totals.hours[values["hours"]] += values["total"]
    return result


def open_by_day(scope: Scope, by: str | None = None) -> dict[object, Counter[date]]:
    keys = [by] if by else []
    result: dict[object, Counter[date]] = {}
    for values in (
        DailyRollup.objects.filter(scope.q(), open__gt=0)
        .values(*keys, "day")
        .annotate(total=Sum("open"))
        .order_by()
    ):
        result.setdefault(values.get(by) if by else None, Counter())[values["day"]] += values[
            "total"
        ]
    return result


def raw_totals(scope: Scope, span: Span | None, now: datetime | None = None) -> Totals:
    """The same sums straight from the reports (slow: for tests and checks, never for pages)."""
    now = now or timezone.now()
    reports: QuerySet[Report] = Report.objects.filter(scope.q()).order_by("id")
    if span is not None:
        start, _ = day_bounds(span.start)
        _, end = day_bounds(span.end)
        reports = reports.filter(created_at__gte=start, created_at__lt=end)
    return totals_from_facts(facts_for(list(reports), now))


@dataclass(frozen=True)
class Result:
    kpi: Kpi
    span: Span | None
    value: float | None
    status: str
    numerator: int | None = None
    denominator: int | None = None
    basis: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def color(self) -> str:
        return KpiStatus.color(self.status)

    @property
    def status_label(self) -> str:
        return str(KpiStatus(self.status).label)

    @property
    def unit(self) -> str:
        return MEASURES[self.kpi.measure].unit

    @property
    def shown(self) -> str:
        """The value as a person reads it: 87.5%, 12 jam kerja, 4 laporan, or a dash."""
        return format_value(self.value, self.unit)

    @property
    def target_shown(self) -> str:
        return format_value(self.kpi.target, self.unit)


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    number = f"{value:g}" if unit == Unit.PERCENT else f"{value:,.0f}".replace(",", ".")
    if unit == Unit.PERCENT:
        return f"{number}%"
    return f"{number} {Unit(unit).label}"


def status_of(kpi: Kpi, value: Value) -> str:
    if value.value is None or value.basis < kpi.min_count:
        return KpiStatus.GREY
    v = value.value
    if kpi.direction == Direction.HIGHER:
        return (
            KpiStatus.GREEN
            if v >= kpi.green
            else KpiStatus.YELLOW
            if v >= kpi.yellow
            else KpiStatus.RED
        )
    return (
        KpiStatus.GREEN
        if v <= kpi.green
        else KpiStatus.YELLOW
        if v <= kpi.yellow
        else KpiStatus.RED
    )


def measure_totals(
    kpi: Kpi, scope: Scope, span: Span | None, by: str | None = None
) -> dict[object, Totals]:
    spec = MEASURES[kpi.measure]
    if spec.as_of_now:
        span = None
    totals = rollup_totals(scope, span, by)
    if spec.code == "backlog_age":
        for key, days in open_by_day(scope, by).items():
            totals.setdefault(key, Totals()).open_by_day.update(days)
    return totals


def evaluate(
    kpi: Kpi, span: Span, scope: Scope | None = None, totals: Totals | None = None
) -> Result:
    """The KPI's value and status for one period, in its own scope narrowed by ``scope``."""
    spec = MEASURES[kpi.measure]
    scope = scope if scope is not None else Scope.of(kpi)
    if totals is None:
        totals = measure_totals(kpi, scope, span).get(None, Totals())
    value = spec.compute(totals, timezone.localdate())
    return Result(
        kpi=kpi,
        span=None if spec.as_of_now else span,
        value=value.value,
        status=status_of(kpi, value),
        numerator=value.numerator,
        denominator=value.denominator,
        basis=value.basis,
    )


def evaluate_by(kpi: Kpi, span: Span, by: str, scope: Scope | None = None) -> dict[object, Result]:
    """The KPI for each value of ``by`` (``agency_id``, ``category_id``) in one pass."""
    scope = scope if scope is not None else Scope.of(kpi)
    return {
        key: evaluate(kpi, span, scope, totals)
        for key, totals in measure_totals(kpi, scope, span, by).items()
    }


def trend(kpi: Kpi, last: Span, count: int, scope: Scope | None = None) -> list[Result]:
    return [evaluate(kpi, span, scope) for span in spans_back(last.kind, last.end, count)]


def active_kpis(codes: Iterable[str] | None = None) -> list[Kpi]:
    kpis = Kpi.objects.filter(is_active=True).select_related("agency", "category", "area")
    if codes is not None:
        kpis = kpis.filter(code__in=list(codes))
    return list(kpis)
