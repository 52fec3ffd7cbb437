"""Per-minute and per-hour aggregates of readings, and the retention that keeps tables small.

The rollup job reads new readings by id from a watermark, recomputes every (sensor, minute)
bucket they touch from the raw rows, and every (sensor, hour) bucket from the minutes.
Recomputing a bucket is idempotent, so a crash or a second worker can only repeat work, never
count twice. The watermark stops short of rows received in the last ``SETTLE_SECONDS``: on
PostgreSQL a transaction with smaller ids can commit after one with larger ids, and such rows
must not be skipped. Late readings (an old timestamp arriving now) get a new id like any other
and so reopen their old buckets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncHour, TruncMinute
from django.utils import timezone

from kendali.telemetry.models import (
    Reading,
    ReadingHour,
    ReadingMinute,
    RollupState,
    VehiclePosition,
)

SETTLE_SECONDS = 60
BATCH = 50_000
SENSORS_PER_QUERY = 200
DELETE_CHUNK = 5_000


def _floor(moment: datetime, unit: str) -> datetime:
    moment = moment.astimezone(UTC)
    if unit == "minute":
        return moment.replace(second=0, microsecond=0)
    return moment.replace(minute=0, second=0, microsecond=0)


def _locked_state(name: str) -> RollupState | None:
    RollupState.objects.bulk_create([RollupState(name=name)], ignore_conflicts=True)
    states = RollupState.objects.filter(name=name)
    if connection.features.has_select_for_update_skip_locked:
        states = states.select_for_update(skip_locked=True)
    return states.first()  # None: another worker is rolling up right now


def roll_up(now: datetime | None = None) -> int:
    """Bring the minute and hour aggregates up to date; return how many readings were read."""
    now = now or timezone.now()
    with transaction.atomic():
        state = _locked_state("readings")
        if state is None:
            return 0
        rows = list(
            Reading.objects.filter(id__gt=state.watermark)
            .order_by("id")
            .values_list("id", "sensor_id", "ts", "received_at")[:BATCH]
        )
        if not rows:
            return 0
        settled = now - timedelta(seconds=SETTLE_SECONDS)
        watermark = state.watermark
        for row_id, _sensor, _ts, received_at in rows:
            if received_at >= settled:
                break
            watermark = row_id
        minutes: dict[int, set[datetime]] = defaultdict(set)
        for _id, sensor_id, ts, _received in rows:
            minutes[sensor_id].add(_floor(ts, "minute"))
        hours = _recompute(ReadingMinute, Reading, "ts", TruncMinute, minutes, timedelta(minutes=1))
        _recompute(ReadingHour, ReadingMinute, "bucket", TruncHour, hours, timedelta(hours=1))
        state.watermark = watermark
        state.updated_at = now
        state.save()
        return len(rows)


def _recompute(
    target: type[ReadingMinute] | type[ReadingHour],
    source: type[Reading] | type[ReadingMinute],
    time_field: str,
    trunc: Any,
    buckets: dict[int, set[datetime]],
    width: timedelta,
) -> dict[int, set[datetime]]:
    """Rewrite the given buckets of ``target`` from ``source``; return the hours they touch."""
    touched_hours: dict[int, set[datetime]] = defaultdict(set)
    sensor_ids = list(buckets)
    for start in range(0, len(sensor_ids), SENSORS_PER_QUERY):
        where = Q()
        for sensor_id in sensor_ids[start : start + SENSORS_PER_QUERY]:
            for low, high in _ranges(sorted(buckets[sensor_id]), width):
                where |= Q(
                    sensor_id=sensor_id, **{f"{time_field}__gte": low, f"{time_field}__lt": high}
                )
        if source is Reading:
            aggregates = {
                "n": Count("id"),
                "total": Sum("value"),
                "low": Min("value"),
                "high": Max("value"),
            }
        else:
            aggregates = {
                "n": Sum("count"),
                "total": Sum("total"),
                "low": Min("minimum"),
                "high": Max("maximum"),
            }
        groups: Any = (
            source.objects.filter(where)
            .annotate(slot=trunc(time_field, tzinfo=UTC))
            .values("sensor_id", "slot")
            .annotate(**aggregates)
            .order_by()
        )
        rows: list[Any] = []
        for group in groups:
            slot = _floor(group["slot"], "minute" if width.total_seconds() == 60 else "hour")
            if slot not in buckets[group["sensor_id"]]:
                continue
            rows.append(
                target(
                    sensor_id=group["sensor_id"],
                    bucket=slot,
                    count=group["n"],
                    total=group["total"],
                    minimum=group["low"],
                    maximum=group["high"],
                )
            )
            touched_hours[group["sensor_id"]].add(_floor(slot, "hour"))
        manager: Any = target.objects
        manager.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["sensor", "bucket"],
            update_fields=["count", "total", "minimum", "maximum"],
            batch_size=500,
        )
    return touched_hours


def _ranges(slots: Iterable[datetime], width: timedelta) -> list[tuple[datetime, datetime]]:
    """Merge sorted bucket starts into [low, high) ranges, joining gaps up to an hour."""
    merged: list[tuple[datetime, datetime]] = []
    for slot in slots:
        if merged and slot - merged[-1][1] <= timedelta(hours=1):
            merged[-1] = (merged[-1][0], slot + width)
        else:
            merged.append((slot, slot + width))
    return merged


def prune(now: datetime | None = None) -> dict[str, int]:
    """Delete raw readings and positions past their days, and old minute and hour rollups.
    Raw readings go only once the rollup has read them."""
    now = now or timezone.now()
    state = RollupState.objects.filter(name="readings").first()
    watermark = state.watermark if state else 0
    deleted = {
        "readings": _delete_in_chunks(
            Reading.objects.filter(
                ts__lt=now - timedelta(days=settings.TELEMETRY_RAW_DAYS), id__lte=watermark
            )
        ),
        "positions": _delete_in_chunks(
            VehiclePosition.objects.filter(ts__lt=now - timedelta(days=settings.TELEMETRY_RAW_DAYS))
        ),
        "minutes": _delete_in_chunks(
            ReadingMinute.objects.filter(
                bucket__lt=now - timedelta(days=settings.TELEMETRY_MINUTE_DAYS)
            )
        ),
    }
    if settings.TELEMETRY_HOUR_DAYS:
        deleted["hours"] = _delete_in_chunks(
            ReadingHour.objects.filter(
                bucket__lt=now - timedelta(days=settings.TELEMETRY_HOUR_DAYS)
            )
        )
    return deleted


def _delete_in_chunks(queryset: Any) -> int:
    total = 0
    while True:
        ids = list(queryset.order_by().values_list("pk", flat=True)[:DELETE_CHUNK])
        if not ids:
            return total
        with transaction.atomic():
            total += queryset.model.objects.filter(pk__in=ids).delete()[0]
