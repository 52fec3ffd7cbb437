"""Filtering and keyset paging of report lists, shared by the API, the console and the portal."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from kendali.cities.models import Area
from kendali.lib.cursor import decode_cursor, encode_cursor
from kendali.reports.models import Report


@dataclass
class ReportFilter:
    statuses: list[str] = field(default_factory=list)
    category: str = ""
    agency: str = ""
    area: str = ""
    priority: str = ""
    text: str = ""
    since: date | None = None
    until: date | None = None

    def apply(self, reports: QuerySet[Report]) -> QuerySet[Report]:
        if self.statuses:
            reports = reports.filter(status__in=self.statuses)
        if self.category:
            reports = reports.filter(category__code=self.category)
        if self.agency == "none":
            reports = reports.filter(agency__isnull=True)
        elif self.agency:
            reports = reports.filter(agency__code=self.agency)
        if self.area:
            area_ids = list(
                Area.objects.filter(Q(code=self.area) | Q(parent__code=self.area)).values_list(
                    "id", flat=True
                )
            )
            reports = reports.filter(area_id__in=area_ids)
        if self.priority:
            reports = reports.filter(priority=self.priority)
        text = self.text.strip()
        if text:
            reports = reports.filter(
                Q(ticket__iexact=text) | Q(description__icontains=text) | Q(address__icontains=text)
            )
        if self.since:
            start = timezone.make_aware(datetime.combine(self.since, time.min))
            reports = reports.filter(created_at__gte=start)
        if self.until:
            end = timezone.make_aware(datetime.combine(self.until, time.max))
            reports = reports.filter(created_at__lte=end)
        return reports


@dataclass(frozen=True)
class ReportSet:
    """A named set of reports a feature app can send the queue to (a KPI's drill-down).

    ``select(params, user)`` returns a readable label and the condition, or None when the
    parameters do not describe a set (the queue then says so and shows nothing).
    """

    name: str
    select: Callable[[Mapping[str, str], Any], tuple[str, Q] | None]


REPORT_SETS: dict[str, ReportSet] = {}


def register_report_set(report_set: ReportSet) -> None:
    REPORT_SETS[report_set.name] = report_set


def page(
    reports: QuerySet[Report], *, cursor: str | None, limit: int
) -> tuple[list[Report], str | None]:
    """One page, newest first, after ``cursor``; returns the rows and the next cursor."""
    reports = reports.order_by("-created_at", "-id")
    if cursor:
        created_at, pk = decode_cursor(cursor)
        reports = reports.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=pk))
    rows = list(reports[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(last.created_at, last.pk)
    return rows, next_cursor


def by_priority(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Most urgent first, then newest: the order an operator works the queue in."""
    rank = Case(
        When(priority="urgent", then=Value(3)),
        When(priority="high", then=Value(2)),
        When(priority="normal", then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return reports.annotate(priority_rank=rank).order_by("-priority_rank", "-created_at", "-id")
