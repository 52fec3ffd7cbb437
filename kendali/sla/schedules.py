"""Calendars as :class:`~kendali.lib.worktime.Schedule` objects, cached per process."""

from __future__ import annotations

from typing import Any

from kendali.lib.cache import ProcessCache
from kendali.lib.worktime import Schedule
from kendali.sla.choices import HolidayKind
from kendali.sla.holidays import CalendarHolidays
from kendali.sla.models import Calendar, Holiday, WorkingHours

schedules = ProcessCache[int, Schedule]("sla.schedules", seconds=60.0)
schedules.forget_on(Calendar, WorkingHours, Holiday)


def schedule_for(calendar: Calendar | int) -> Schedule:
    calendar_id = calendar if isinstance(calendar, int) else calendar.pk
    return schedules.get(calendar_id, lambda: build(Calendar.objects.get(pk=calendar_id)))


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
