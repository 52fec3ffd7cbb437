"""Keep the daily rollups: recompute a day, follow the lifecycle, rebuild everything.

A report counts on the local day it was filed, so whatever happens to it later changes that
one day. The lifecycle hooks append the day to `RollupDirty` inside the action's transaction;
`refresh()` (the worker, every minute) recomputes the dirty days and the days whose next
deadline has passed, each in one transaction under a lock on its `RollupDay` row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone

from kendali.insights.facts import Facts, day_bounds, facts_for, local_day
from kendali.insights.measures import COUNTERS
from kendali.insights.models import (
    DailyRollup,
    DurationRollup,
    MonthDuration,
    MonthRollup,
    RollupDay,
    RollupDirty,
)
from kendali.reports.models import Report

BATCH = 2000


def mark_dirty(moment: datetime) -> None:
    RollupDirty.objects.create(day=local_day(moment))


def recompute_day(day: date, now: datetime | None = None, *, month: bool = True) -> int:
    """Replace the rollups of one filing day (and its month's sums, unless ``month`` is
    False because the caller sums the months afterwards); returns how many reports it holds."""
    now = now or timezone.now()
    start, end = day_bounds(day)
    with transaction.atomic():
        marker, _created = RollupDay.objects.get_or_create(day=day, defaults={"computed_at": now})
        RollupDay.objects.select_for_update().filter(pk=marker.pk).first()
        rows: dict[tuple[object, ...], DailyRollup] = {}
        durations: dict[tuple[int | None, int, int | None, str, str, int], int] = defaultdict(int)
        refresh_at: datetime | None = None
        total = 0
        for facts in _facts_between(start, end, now):
            total += len(facts)
            for f in facts:
                row = rows.get(f.group)
                if row is None:
                    row = rows[f.group] = _row(f, day)
                _count(row, f)
                if f.resolve_hours is not None:
                    durations[(*f.group, f.resolve_hours)] += 1
                if f.refresh_at is not None and (refresh_at is None or f.refresh_at < refresh_at):
                    refresh_at = f.refresh_at
        DailyRollup.objects.filter(day=day).delete()
        DurationRollup.objects.filter(day=day).delete()
        DailyRollup.objects.bulk_create(rows.values(), batch_size=500)
        DurationRollup.objects.bulk_create(
            (
                DurationRollup(
                    day=day,
                    agency_id=key[0],
                    category_id=key[1],
                    area_id=key[2],
                    channel=key[3],
                    priority=key[4],
                    hours=key[5],
                    n=n,
                )
                for key, n in durations.items()
            ),
            batch_size=500,
        )
        RollupDay.objects.filter(pk=marker.pk).update(
            computed_at=now, refresh_at=refresh_at, reports=total
        )
        if month:
            recompute_month(day.replace(day=1))
    return total


def recompute_month(first: date) -> None:
    """Sum one month's daily rollups per agency and category (inside the caller's transaction
    when there is one, so the month never disagrees with its days)."""
    year, index = divmod(first.month, 12)
    end = date(first.year + year, index + 1, 1) - timedelta(days=1)
    with transaction.atomic():
        MonthRollup.objects.filter(month=first).delete()
        MonthDuration.objects.filter(month=first).delete()
        sums: Any = (
            DailyRollup.objects.filter(day__range=(first, end))
            .values("agency_id", "category_id")
            .annotate(**{f"s_{c}": Sum(c) for c in COUNTERS})
            .order_by()
        )
        MonthRollup.objects.bulk_create(
            (
                MonthRollup(month=first, agency_id=row["agency_id"], category_id=row["category_id"],
                            **{c: row[f"s_{c}"] for c in COUNTERS})
                for row in sums
            ),
            batch_size=500,
        )  # fmt: skip
        MonthDuration.objects.bulk_create(
            (
                MonthDuration(month=first, agency_id=row["agency_id"],
                              category_id=row["category_id"], hours=row["hours"], n=row["total"])
                for row in DurationRollup.objects.filter(day__range=(first, end))
                .values("agency_id", "category_id", "hours")
                .annotate(total=Sum("n"))
                .order_by()
            ),
            batch_size=500,
        )  # fmt: skip


def _facts_between(start: datetime, end: datetime, now: datetime) -> Iterator[list[Facts]]:
    last_id = 0
    while True:
        batch = list(
            Report.objects.filter(created_at__gte=start, created_at__lt=end, id__gt=last_id)
            .order_by("id")
            .only(
                "id",
                "created_at",
                "agency_id",
                "category_id",
                "area_id",
                "channel",
                "priority",
                "status",
                "verified_at",
                "resolved_at",
                "closed_at",
            )[:BATCH]
        )
        if not batch:
            return
        last_id = batch[-1].pk
        yield facts_for(batch, now)


def _row(f: Facts, day: date) -> DailyRollup:
    return DailyRollup(
        day=day,
        agency_id=f.agency_id,
        category_id=f.category_id,
        area_id=f.area_id,
        channel=f.channel,
        priority=f.priority,
    )


def _count(row: DailyRollup, f: Facts) -> None:
    row.created += 1
    for name in COUNTERS:
        if name == "created":
            continue
        value = getattr(f, name)
        setattr(row, name, getattr(row, name) + int(value))


def refresh(now: datetime | None = None) -> dict[str, int]:
    """Recompute the days the lifecycle touched and those whose next deadline passed."""
    now = now or timezone.now()
    last = RollupDirty.objects.aggregate(last=Max("id"))["last"]
    days: set[date] = set()
    if last is not None:
        days.update(RollupDirty.objects.filter(id__lte=last).values_list("day", flat=True))
    days.update(RollupDay.objects.filter(refresh_at__lte=now).values_list("day", flat=True))
    reports = sum(recompute_day(day, now, month=False) for day in sorted(days))
    for first in sorted({day.replace(day=1) for day in days}):
        recompute_month(first)
    if last is not None:
        RollupDirty.objects.filter(id__lte=last).delete()
    return {"days": len(days), "reports": reports}


def rebuild(progress: Callable[[int, int, date], None] | None = None) -> dict[str, int]:
    """Recompute every day from the first report to today (``kendali insights rebuild``)."""
    now = timezone.now()
    bounds = Report.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    RollupDirty.objects.all().delete()
    if bounds["first"] is None:
        for model in (DailyRollup, DurationRollup, RollupDay, MonthRollup, MonthDuration):
            model.objects.all().delete()
        return {"days": 0, "reports": 0}
    first, last = local_day(bounds["first"]), local_day(bounds["last"])
    DailyRollup.objects.exclude(day__range=(first, last)).delete()
    DurationRollup.objects.exclude(day__range=(first, last)).delete()
    RollupDay.objects.exclude(day__range=(first, last)).delete()
    MonthRollup.objects.exclude(month__range=(first.replace(day=1), last)).delete()
    MonthDuration.objects.exclude(month__range=(first.replace(day=1), last)).delete()
    days = (last - first).days + 1
    reports = 0
    for index in range(days):
        day = first + timedelta(days=index)
        reports += recompute_day(day, now, month=False)
        if progress is not None:
            progress(index + 1, days, day)
    month = first.replace(day=1)
    while month <= last:
        recompute_month(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return {"days": days, "reports": reports}
