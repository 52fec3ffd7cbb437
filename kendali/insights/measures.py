"""How each measure turns summed rollup counters into one value.

`Totals` is what a set of rollup rows (or the raw facts of the same reports) adds up to: the
counters, the histogram of resolution hours, and the open reports per filing day. A measure
reads only `Totals`, so rollups and raw facts give the same value by construction of the sums.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from kendali.insights.choices import Direction, Measure, Unit

if TYPE_CHECKING:
    from kendali.insights.facts import Facts


# The counters of a rollup row; each but "created" is a fact of `insights.facts.Facts` of the
# same name (a flag, or a number of SOP steps).
COUNTERS = [
    "created",
    "open",
    "overdue",
    "verify_due",
    "verify_on_time",
    "followup_due",
    "followup_on_time",
    "resolved",
    "sla_due",
    "sla_met",
    "resolved_once",
    "reopened",
    "duplicate",
    "dispositioned",
    "returned",
    "steps_due",
    "steps_on_time",
]


@dataclass
class Totals:
    counters: Counter[str] = field(default_factory=Counter)
    hours: Counter[int] = field(default_factory=Counter)
    open_by_day: Counter[date] = field(default_factory=Counter)

    def add(self, other: Totals) -> None:
        self.counters.update(other.counters)
        self.hours.update(other.hours)
        self.open_by_day.update(other.open_by_day)


def lower_median(values: Counter[int]) -> int | None:
    return rank(values, lambda n: (n - 1) // 2)


def p90(values: Counter[int]) -> int | None:
    """Nearest-rank 90th percentile."""
    return rank(values, lambda n: max(0, math.ceil(0.9 * n) - 1))


def rank(values: Counter[int], index_of: Callable[[int], int]) -> int | None:
    n = sum(values.values())
    if n == 0:
        return None
    wanted = index_of(n)
    seen = 0
    for value in sorted(values):
        seen += values[value]
        if seen > wanted:
            return value
    return None  # pragma: no cover - unreachable: wanted < n


@dataclass(frozen=True)
class Value:
    """A measure's value with the counts behind it (``basis`` decides grey)."""

    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    basis: int = 0


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    unit: str
    direction: str
    compute: Callable[[Totals, date], Value]
    # Measured as of now over every open report, whatever the period (backlogs).
    as_of_now: bool = False
    # Which rollup counter lists the reports behind the number, for drill-down.
    base: str = "created"


def share(numerator: str, denominator: str) -> Callable[[Totals, date], Value]:
    def compute(totals: Totals, today: date) -> Value:
        num, den = totals.counters[numerator], totals.counters[denominator]
        return Value(round(100 * num / den, 1) if den else None, num, den, den)

    return compute


def count(name: str) -> Callable[[Totals, date], Value]:
    def compute(totals: Totals, today: date) -> Value:
        n = totals.counters[name]
        # Reports in the figure's rows: the backlog's days for "now" counts, else the period.
        return Value(float(n), n, None, max(n, totals.counters["created"]))

    return compute


def hours(pick: Callable[[Counter[int]], int | None]) -> Callable[[Totals, date], Value]:
    def compute(totals: Totals, today: date) -> Value:
        n = sum(totals.hours.values())
        value = pick(totals.hours)
        return Value(None if value is None else float(value), None, n, n)

    return compute


def backlog_age(totals: Totals, today: date) -> Value:
    ages: Counter[int] = Counter()
    for day, n in totals.open_by_day.items():
        if n:
            ages[(today - day).days] += n
    n = sum(ages.values())
    value = lower_median(ages)
    return Value(None if value is None else float(value), None, n, n)


def no_data_yet(totals: Totals, today: date) -> Value:
    """Citizens' ratings arrive with the outreach issue; until then the KPI stays grey."""
    return Value(None)


MEASURES: dict[str, MeasureSpec] = {
    spec.code: spec
    for spec in (
        MeasureSpec(Measure.CREATED, Unit.COUNT, Direction.HIGHER, count("created")),
        MeasureSpec(Measure.OPEN, Unit.COUNT, Direction.LOWER, count("open"), True, "open"),
        MeasureSpec(
            Measure.VERIFIED_ON_TIME,
            Unit.PERCENT,
            Direction.HIGHER,
            share("verify_on_time", "verify_due"),
            base="verify_due",
        ),
        MeasureSpec(
            Measure.FOLLOWED_UP_ON_TIME,
            Unit.PERCENT,
            Direction.HIGHER,
            share("followup_on_time", "followup_due"),
            base="followup_due",
        ),
        MeasureSpec(
            Measure.RESOLVE_HOURS_MEDIAN,
            Unit.HOURS,
            Direction.LOWER,
            hours(lower_median),
            base="resolved",
        ),
        MeasureSpec(
            Measure.RESOLVE_HOURS_P90, Unit.HOURS, Direction.LOWER, hours(p90), base="resolved"
        ),
        MeasureSpec(
            Measure.SLA_COMPLIANCE,
            Unit.PERCENT,
            Direction.HIGHER,
            share("sla_met", "sla_due"),
            base="sla_due",
        ),
        MeasureSpec(
            Measure.OVERDUE_BACKLOG,
            Unit.COUNT,
            Direction.LOWER,
            count("overdue"),
            True,
            "overdue",
        ),
        MeasureSpec(Measure.BACKLOG_AGE, Unit.DAYS, Direction.LOWER, backlog_age, True, "open"),
        MeasureSpec(
            Measure.REOPEN_RATE,
            Unit.PERCENT,
            Direction.LOWER,
            share("reopened", "resolved_once"),
            base="resolved_once",
        ),
        MeasureSpec(Measure.SATISFACTION, Unit.SCORE, Direction.HIGHER, no_data_yet),
        MeasureSpec(
            Measure.SOP_STEP_COMPLIANCE,
            Unit.PERCENT,
            Direction.HIGHER,
            share("steps_on_time", "steps_due"),
            base="steps_due",
        ),
        MeasureSpec(
            Measure.DUPLICATE_RATE, Unit.PERCENT, Direction.LOWER, share("duplicate", "created")
        ),
        MeasureSpec(
            Measure.NOT_AUTHORITY_RATE,
            Unit.PERCENT,
            Direction.LOWER,
            share("returned", "dispositioned"),
            base="dispositioned",
        ),
    )
}


def totals_from_facts(facts: Iterable[Facts]) -> Totals:
    """Add up raw facts the plain way (the reference the rollups are tested against)."""
    totals = Totals()
    for f in facts:
        c = totals.counters
        c["created"] += 1
        for name in COUNTERS[1:]:
            c[name] += int(getattr(f, name))
        if f.resolve_hours is not None:
            totals.hours[f.resolve_hours] += 1
        if f.open:
            totals.open_by_day[f.day] += 1
    return totals
