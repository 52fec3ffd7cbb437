"""Incremental rule evaluation: each new reading moves a rule's state one step; no history is
rescanned. A threshold rule's level is the highest threshold the value has crossed; a rate rule
compares the value with the one ``rate_window_seconds`` earlier (one index lookup); a no-data
rule fires from the worker when a sensor is silent and clears when data comes back.

Raising waits until the new level has held for ``duration_seconds``; lowering happens at once
but only after the value is ``hysteresis`` past the threshold, so a value hovering at a
threshold does not flap. Readings older than the last one a rule has seen (late or out of
order) are stored but do not move the rule back in time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from kendali.telemetry.choices import Direction, RuleKind
from kendali.telemetry.models import Reading, Rule, RuleState, Sensor

if TYPE_CHECKING:
    from kendali.telemetry.ingest import GoodReading


def thresholds(rule: Rule) -> list[float]:
    values = []
    for level in rule.levels or []:
        try:
            values.append(float(level["value"]))
        except (KeyError, TypeError, ValueError):
            continue
    return values


def target_level(rule: Rule, current: int, metric: float) -> int:
    """The level this metric calls for, given the level the rule is at now."""
    sign = -1.0 if (rule.kind == RuleKind.THRESHOLD and rule.direction == Direction.BELOW) else 1.0
    worse = sign * metric
    target = 0
    for number, threshold in enumerate(thresholds(rule), start=1):
        limit = sign * threshold
        # A level already reached holds until the value is `hysteresis` back past its threshold.
        holds = number <= current and worse > limit - abs(rule.hysteresis)
        if worse >= limit or holds:
            target = number
    return target


def measure(rule: Rule, reading: GoodReading) -> float | None:
    if rule.kind == RuleKind.THRESHOLD:
        return reading.value
    if rule.kind == RuleKind.RATE:
        earlier = (
            Reading.objects.filter(
                sensor_id=reading.sensor_id,
                ts__lte=reading.ts - timedelta(seconds=rule.rate_window_seconds),
            )
            .order_by("-ts")
            .values_list("value", flat=True)
            .first()
        )
        if earlier is None:
            return None
        change = reading.value - earlier
        return -change if rule.direction == Direction.BELOW else change
    return None


def step(rule: Rule, state: RuleState, reading: GoodReading) -> int:
    """Advance the state by one reading; return the level the rule should now be at."""
    if rule.kind == RuleKind.NO_DATA:
        return 0  # data arrived
    metric = measure(rule, reading)
    if metric is None:
        return state.level
    target = target_level(rule, state.level, metric)
    if target > state.level and rule.duration_seconds:
        if state.pending_since is None:
            state.pending_since = reading.ts
            state.pending_level = target
        if (reading.ts - state.pending_since).total_seconds() < rule.duration_seconds:
            return state.level
    state.pending_since = None
    state.pending_level = 0
    return target


def locked_states(rules: Sequence[Rule]) -> dict[int, RuleState]:
    """The rules' states, created when missing and locked for this transaction."""
    ids = [rule.pk for rule in rules]
    RuleState.objects.bulk_create([RuleState(rule_id=pk) for pk in ids], ignore_conflicts=True)
    states = RuleState.objects.filter(rule_id__in=ids).order_by("rule_id")
    if connection.features.has_select_for_update:
        states = states.select_for_update()
    return {state.rule_id: state for state in states}


def evaluate_readings(readings: Sequence[GoodReading]) -> set[int]:
    """Evaluate the rules of the sensors these new readings belong to; return the ids of the
    sensors whose level changed. Runs inside the ingest transaction."""
    from kendali.telemetry import actions

    by_sensor: dict[int, list[GoodReading]] = defaultdict(list)
    for reading in readings:
        by_sensor[reading.sensor_id].append(reading)
    rules = list(
        Rule.objects.filter(is_active=True, sensor_id__in=by_sensor).select_related(
            "sensor", "category"
        )
    )
    if not rules:
        return set()
    states = locked_states(rules)
    changed: set[int] = set()
    for rule in rules:
        state = states[rule.pk]
        dirty = False
        for reading in sorted(by_sensor[rule.sensor_id], key=lambda r: r.ts):
            if state.last_ts is not None and reading.ts <= state.last_ts:
                continue  # late or out of order: stored, but the rule has moved past it
            level = step(rule, state, reading)
            state.last_ts, state.last_value = reading.ts, reading.value
            dirty = True
            if level != state.level:
                actions.change_rule_level(rule, state, level, value=reading.value, at=reading.ts)
                changed.add(rule.sensor_id)
        if dirty:
            state.save()
    for sensor_id in changed:
        actions.refresh_sensor_level(sensor_id)
    return changed


def silent_rules(now: datetime | None = None) -> list[Rule]:
    """No-data rules whose sensor has sent nothing for their number of minutes."""
    now = now or timezone.now()
    latest = Reading.objects.filter(sensor_id=OuterRef("sensor_id")).order_by("-ts")
    candidates = (
        Rule.objects.filter(is_active=True, kind=RuleKind.NO_DATA, sensor__is_active=True)
        .select_related("sensor", "category")
        .annotate(last_ts=Subquery(latest.values("ts")[:1]))
    )
    found: list[Rule] = []
    for rule in candidates:
        last = rule.last_ts or rule.sensor.created_at
        if now - last >= timedelta(minutes=rule.no_data_minutes):
            found.append(rule)
    return found


def latest_readings(sensor_ids: Sequence[int]) -> dict[int, tuple[datetime, float]]:
    """The newest reading of each sensor, one index lookup each."""
    latest = Reading.objects.filter(sensor_id=OuterRef("pk")).order_by("-ts")
    rows = Sensor.objects.filter(pk__in=sensor_ids).annotate(
        last_ts=Subquery(latest.values("ts")[:1]), last_value=Subquery(latest.values("value")[:1])
    )
    return {row.pk: (row.last_ts, row.last_value) for row in rows if row.last_ts is not None}
