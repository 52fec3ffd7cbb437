"""Deadline arithmetic in working time.

A :class:`Schedule` says when the clock runs: weekly working intervals in a time zone, minus
holiday dates, or always (24/7). Two operations answer every SLA question:

- :func:`add_working`: the moment ``duration`` of working time after ``start``;
- :func:`working_between`: how much working time lies between two moments.

They are exact inverses on working time (property-tested), correct across nights, weekends and
holidays, and work in any IANA time zone.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ZERO = timedelta(0)
# A deadline further than this from its start is a configuration error (no working time at all).
MAX_DAYS_SEARCHED = 3660


class NoWorkingTime(ValueError):
    """The schedule has no working time in which the duration could elapse."""


@dataclass(frozen=True)
class Schedule:
    timezone: str = "Asia/Jakarta"
    # weekday (0 = Monday) → sorted, non-overlapping (start, end) local times, end > start
    weekly: dict[int, tuple[tuple[time, time], ...]] = field(default_factory=dict)
    # Any container of dates: a frozenset, or a calendar's lazily computed holidays.
    holidays: Container[date] = frozenset()
    always: bool = False

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def intervals_on(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        """The working intervals of one local day, as aware datetimes."""
        if day in self.holidays:
            return
        zone = self.zone
        for start, end in self.weekly.get(day.weekday(), ()):
            yield (
                datetime.combine(day, start, tzinfo=zone),
                datetime.combine(day, end, tzinfo=zone),
            )


def always_open(timezone: str = "Asia/Jakarta") -> Schedule:
    return Schedule(timezone=timezone, always=True)


def office_hours(
    start: time = time(8),
    end: time = time(16),
    weekdays: Iterable[int] = range(5),
    holidays: Iterable[date] = (),
    timezone: str = "Asia/Jakarta",
) -> Schedule:
    return Schedule(
        timezone=timezone,
        weekly={day: ((start, end),) for day in weekdays},
        holidays=frozenset(holidays),
    )


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("working-time arithmetic needs timezone-aware datetimes")


def add_working(schedule: Schedule, start: datetime, duration: timedelta) -> datetime:
    """The moment at which ``duration`` of working time has elapsed after ``start``."""
    _require_aware(start)
    if duration < ZERO:
        raise ValueError("duration must not be negative")
    if schedule.always:
        return start + duration
    remaining = duration
    local_start = start.astimezone(schedule.zone)
    day = local_start.date()
    for _ in range(MAX_DAYS_SEARCHED):
        for begin, end in schedule.intervals_on(day):
            if end <= start:
                continue
            begin = max(begin, start)
            available = end - begin
            if remaining <= available:
                if remaining == ZERO:
                    return begin
                return (begin + remaining).astimezone(start.tzinfo)
            remaining -= available
        day += timedelta(days=1)
    raise NoWorkingTime("no working time within ten years of the start")


def working_between(schedule: Schedule, start: datetime, end: datetime) -> timedelta:
    """Working time between two moments (zero when ``end`` is not after ``start``)."""
    _require_aware(start)
    _require_aware(end)
    if end <= start:
        return ZERO
    if schedule.always:
        return end - start
    total = ZERO
    day = start.astimezone(schedule.zone).date()
    last = end.astimezone(schedule.zone).date()
    while day <= last:
        for begin, finish in schedule.intervals_on(day):
            overlap = min(finish, end) - max(begin, start)
            if overlap > ZERO:
                total += overlap
        day += timedelta(days=1)
    return total


def working_minutes_per_day(schedule: Schedule) -> int:
    """Minutes in a typical working day (the longest weekday), for "N working days" targets."""
    if schedule.always:
        return 24 * 60
    longest = ZERO
    for intervals in schedule.weekly.values():
        length = sum(
            (
                datetime.combine(date.min, end) - datetime.combine(date.min, start)
                for start, end in intervals
            ),
            ZERO,
        )
        longest = max(longest, length)
    return int(longest.total_seconds() // 60)
