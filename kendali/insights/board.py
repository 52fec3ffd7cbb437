"""What the scorecards, the dashboard and the public page show, computed once per page.

`Board` remembers the rollup sums it asked for (per scope, period and grouping), so a page
with twelve KPI tiles, a league table and a trend makes a handful of small queries over the
rollups, however many reports the city has.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kendali.agencies.models import Agency
from kendali.insights.choices import Direction, KpiStatus, Period
from kendali.insights.kpis import (
    Result,
    Scope,
    Span,
    coarse,
    evaluate,
    open_by_day,
    rollup_totals,
    span_of,
    spans_back,
)
from kendali.insights.measures import COUNTERS, MEASURES, Totals
from kendali.insights.models import (
    DailyRollup,
    DurationRollup,
    Kpi,
    MonthDuration,
    MonthRollup,
)


@dataclass
class Board:
    kpis: list[Kpi]
    span: Span
    scope: Scope = field(default_factory=Scope)
    _memo: dict[tuple[Any, ...], dict[object, Totals]] = field(default_factory=dict)

    def totals(
        self, kpi: Kpi, scope: Scope, span: Span | None, by: str | None
    ) -> dict[object, Totals]:
        spec = MEASURES[kpi.measure]
        span = None if spec.as_of_now else span
        key = (scope, span, by)
        if key not in self._memo:
            self._memo[key] = rollup_totals(scope, span, by)
        if spec.code != "backlog_age":
            return self._memo[key]
        ages = ("ages", scope, by)
        if ages not in self._memo:
            with_ages = {
                k: Totals(counters=Counter(t.counters), hours=Counter(t.hours))
                for k, t in self._memo[key].items()
            }
            for group, days in open_by_day(scope, by).items():
                with_ages.setdefault(group, Totals()).open_by_day.update(days)
            self._memo[ages] = with_ages
        return self._memo[ages]

    def backlog(self) -> Totals:
        """Open and overdue right now in the board's scope (shared with the KPIs that ask)."""
        key = (self.scope, None, None)
        if key not in self._memo:
            self._memo[key] = rollup_totals(self.scope, None, None)
        return self._memo[key].get(None, Totals())

    def scope_of(self, kpi: Kpi, **narrow: Any) -> Scope:
        s = self.scope
        base = Scope.of(kpi).narrowed(
            agency_id=s.agency_id,
            category_id=s.category_id,
            area_ids=s.area_ids,
            channel=s.channel,
            priority=s.priority,
        )
        return base.narrowed(**narrow) if narrow else base

    def result(self, kpi: Kpi, span: Span | None = None, **narrow: Any) -> Result:
        span = span or self.span
        scope = self.scope_of(kpi, **narrow)
        totals = self.totals(kpi, scope, span, None).get(None, Totals())
        return evaluate(kpi, span, scope, totals)

    def tiles(self, **narrow: Any) -> list[Result]:
        return [self.result(kpi, **narrow) for kpi in self.kpis]

    def by_agency(self, kpi: Kpi) -> dict[int, Result]:
        return self.by(kpi, "agency_id")

    def by(self, kpi: Kpi, key: str) -> dict[int, Result]:
        """The KPI for each agency (``agency_id``) or category (``category_id``), from one
        grouped pair of queries; groups without data are absent."""
        scope = self.scope_of(kpi)
        return {
            group: evaluate(kpi, self.span, scope, totals)
            for group, totals in self.totals(kpi, scope, self.span, key).items()
            if isinstance(group, int)
        }

    def empty(self, kpi: Kpi) -> Result:
        """The KPI where nothing was counted: grey, no value."""
        return evaluate(kpi, self.span, Scope(agency_id=-1), Totals())

    def trend(self, kpi: Kpi, months: int = 12, **narrow: Any) -> list[Result]:
        """The KPI over the last ``months`` months, from two grouped queries."""
        spans = spans_back(Period.MONTH, self.span.end, months)
        if MEASURES[kpi.measure].as_of_now:
            return []
        scope = self.scope_of(kpi, **narrow)
        key = ("trend", scope, spans[0].start, spans[-1].end)
        if key not in self._memo:
            self._memo[key] = monthly_totals(scope, spans[0].start, spans[-1].end)
        by_month = self._memo[key]
        return [evaluate(kpi, span, scope, by_month.get(span.start, Totals())) for span in spans]


def monthly_totals(scope: Scope, start: date, end: date) -> dict[object, Totals]:
    """The sums of each month from ``start`` (a 1st) to ``end``, keyed by the month's 1st."""
    result: dict[object, Totals] = {}
    sums = {f"s_{c}": Sum(c) for c in COUNTERS}
    if coarse(scope, Span(start, end, "custom"), None):
        counters: Any = (
            MonthRollup.objects.filter(scope.q(), month__range=(start, end))
            .values("month")
            .annotate(**sums)
            .order_by()
        )
        hours: Any = (
            MonthDuration.objects.filter(scope.q(), month__range=(start, end))
            .values("month", "hours")
            .annotate(total=Sum("n"))
            .order_by()
        )
    else:
        counters = (
            DailyRollup.objects.filter(scope.q(), day__range=(start, end))
            .annotate(month=TruncMonth("day"))
            .values("month")
            .annotate(**sums)
            .order_by()
        )
        hours = (
            DurationRollup.objects.filter(scope.q(), day__range=(start, end))
            .annotate(month=TruncMonth("day"))
            .values("month", "hours")
            .annotate(total=Sum("n"))
            .order_by()
        )
    for values in counters:
        result.setdefault(_as_date(values["month"]), Totals()).counters.update(
            {c: values[f"s_{c}"] or 0 for c in COUNTERS}
        )
    for values in hours:
        result.setdefault(_as_date(values["month"]), Totals()).hours[values["hours"]] += values[
            "total"
        ]
    return result


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value  # type: ignore[no-any-return]


@dataclass(frozen=True)
class LeagueRow:
    agency: Agency
    results: list[Result]
    greens: int
    reds: int
    rank: int = 0

    @property
    def scored(self) -> int:
        return sum(1 for r in self.results if r.status != KpiStatus.GREY)


def league(board: Board, agencies: list[Agency]) -> list[LeagueRow]:
    """Agencies ranked by KPIs met (green), then fewest missed (red), then SLA compliance."""
    per_kpi = {kpi.pk: board.by_agency(kpi) for kpi in board.kpis}
    rows = []
    for agency in agencies:
        results = [per_kpi[kpi.pk].get(agency.pk) or board.empty(kpi) for kpi in board.kpis]
        rows.append(
            LeagueRow(
                agency=agency,
                results=results,
                greens=sum(r.status == KpiStatus.GREEN for r in results),
                reds=sum(r.status == KpiStatus.RED for r in results),
            )
        )
    sla = next((i for i, k in enumerate(board.kpis) if k.measure == "sla_compliance"), None)

    def order(row: LeagueRow) -> tuple[Any, ...]:
        compliance = row.results[sla].value if sla is not None else None
        return (
            -row.greens,
            row.reds,
            -(compliance if compliance is not None else -1),
            str(row.agency),
        )

    ranked = sorted(rows, key=order)
    return [
        LeagueRow(r.agency, r.results, r.greens, r.reds, rank=index + 1)
        for index, r in enumerate(ranked)
    ]


def rank_of(results: dict[int, Result], agency_id: int, kpi: Kpi) -> tuple[int, int] | None:
    """The agency's place among agencies with a value for this KPI (1 is best), and how many."""
    values = [
        (k, r.value)
        for k, r in results.items()
        if r.value is not None and r.status != KpiStatus.GREY
    ]
    if not any(k == agency_id for k, _v in values):
        return None
    reverse = kpi.direction == Direction.HIGHER
    ordered = sorted(values, key=lambda item: item[1] or 0.0, reverse=reverse)
    mine = next(v for k, v in ordered if k == agency_id)
    better = sum(
        1
        for _k, v in ordered
        if v is not None and mine is not None and (v > mine if reverse else v < mine)
    )
    return better + 1, len(ordered)


def current_span(kind: str = Period.MONTH, day: date | None = None) -> Span:
    return span_of(kind, day or timezone.localdate())


def typical_day(scope: Scope, today: date, days: int = 28) -> int:
    """The median number of reports filed per day over the last ``days`` days before today."""
    from datetime import timedelta

    counts: Counter[date] = Counter()
    for day, n in (
        DailyRollup.objects.filter(
            scope.q(), day__range=(today - timedelta(days=days), today - timedelta(days=1))
        )
        .values_list("day")
        .annotate(total=Sum("created"))
        .values_list("day", "total")
    ):
        counts[day] = n
    series = sorted(counts.get(today - timedelta(days=i + 1), 0) for i in range(days))
    return series[(len(series) - 1) // 2]
