"""Telemetry's background jobs, run by `kendali worker` or inside `kendali serve`."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from kendali.lib.worker import job
from kendali.telemetry import actions, probes, rollups, rules
from kendali.telemetry.choices import SensorStatus
from kendali.telemetry.models import Reading, Sensor


@job("telemetry.rollup", every=60)
def roll_up() -> int:
    return rollups.roll_up()


@job("telemetry.retention", every=3600)
def prune() -> dict[str, int]:
    return rollups.prune()


@job("telemetry.cameras", every=5)
def probe_cameras() -> int:
    return probes.probe_due_cameras()


@job("telemetry.silence", every=30)
def check_silence() -> int:
    """Fire no-data rules and mark sensors offline that have gone quiet."""
    now = timezone.now()
    fired = 0
    for rule in rules.silent_rules(now):
        actions.fire_no_data_rule(rule, at=now)
        fired += 1
    minutes = settings.TELEMETRY_SENSOR_OFFLINE_MINUTES
    latest = Reading.objects.filter(sensor_id=OuterRef("pk")).order_by("-ts")
    online = Sensor.objects.filter(status=SensorStatus.ONLINE, is_active=True).annotate(
        last_ts=Subquery(latest.values("ts")[:1])
    )
    cutoff = now - timedelta(minutes=minutes)
    for sensor in online:
        if sensor.last_ts is None or sensor.last_ts < cutoff:
            actions.sensor_went_silent(sensor, minutes=minutes)
            fired += 1
    return fired
