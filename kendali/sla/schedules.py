"""Calendars as :class:`~kendali.lib.worktime.Schedule` objects, cached per process."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db.models.signals import post_delete, post_save

from kendali.lib.worktime import Schedule
from kendali.sla.choices import HolidayKind
from kendali.sla.holidays import CalendarHolidays
from kendali.sla.models import Calendar, Holiday, WorkingHours

CACHE_SECONDS = 60.0
_lock = threading.Lock()
_cache: dict[int, tuple[float, Schedule]] = {}


def schedule_for(calendar: Calendar | int) -> Schedule:
    calendar_id = calendar if isinstance(calendar, int) else calendar.pk
    with _lock:
        cached = _cache.get(calendar_id)
        if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
    built = build(Calendar.objects.get(pk=calendar_id))
    with _lock:
        _cache[calendar_id] = (time.monotonic(), built)
    return built


def build(calendar: Calendar) -> Schedule:
    if calendar.always_open:
        return Schedule(timezone=calendar.timezone, always=True)
    weekly: dict[int, list[tuple[Any, Any]]] = {}
    for hours in calendar.hours.order_by("weekday", "start"):
        weekly.setdefault(hours.weekday, []).append((hours.start, hours.end))
    added: set[Any] = set()
    removed: set[Any] = set()
    for day, kind in calendar.holidays.values_list("date", "kind"):
        (removed if kind == HolidayKind.WORKING_DAY else added).add(day)
    return Schedule(
        timezone=calendar.timezone,
        weekly={day: tuple(intervals) for day, intervals in weekly.items()},
        holidays=CalendarHolidays(
            country=calendar.holiday_country, added=frozenset(added), removed=frozenset(removed)
        ),
    )


def forget(**_kwargs: Any) -> None:
    with _lock:
        _cache.clear()


for _model in (Calendar, WorkingHours, Holiday):
    post_save.connect(forget, sender=_model, dispatch_uid=f"sla.schedules.save.{_model.__name__}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"sla.schedules.del.{_model.__name__}")
