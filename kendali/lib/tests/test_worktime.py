"""Working-time arithmetic, by example and by property."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kendali.lib.worktime import (
    NoWorkingTime,
    Schedule,
    add_working,
    always_open,
    office_hours,
    working_between,
    working_minutes_per_day,
)

WIB = ZoneInfo("Asia/Jakarta")
OFFICE = office_hours(time(8), time(16), holidays=[date(2026, 8, 17)])
SPLIT = Schedule(
    weekly={day: ((time(7, 30), time(12)), (time(13), time(16))) for day in range(4)}
    | {4: ((time(7, 30), time(11, 30)), (time(13, 30), time(16, 30)))},
    holidays=frozenset({date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24)}),
)


def at(*args):
    return datetime(*args, tzinfo=WIB)


def test_within_a_day():
    assert add_working(OFFICE, at(2026, 8, 12, 9), timedelta(hours=2)) == at(2026, 8, 12, 11)


def test_across_the_night():
    assert add_working(OFFICE, at(2026, 8, 12, 15), timedelta(hours=2)) == at(2026, 8, 13, 9)


def test_across_a_weekend_and_a_holiday():
    # Friday 14 Aug 15:00 + 3 h → Monday 17 Aug is Independence Day → Tuesday 18 Aug 10:00.
    assert add_working(OFFICE, at(2026, 8, 14, 15), timedelta(hours=3)) == at(2026, 8, 18, 10)


def test_a_start_outside_working_hours_waits_for_the_next_interval():
    assert add_working(OFFICE, at(2026, 8, 12, 20), timedelta(hours=1)) == at(2026, 8, 13, 9)
    assert add_working(OFFICE, at(2026, 8, 15, 10), timedelta(0)) == at(2026, 8, 18, 8)


def test_three_working_days_lapor_style():
    day = timedelta(minutes=working_minutes_per_day(OFFICE))
    # Submitted Wednesday 12 Aug 10:00; Saturday, Sunday and Monday 17 Aug (Independence Day)
    # do not count, so three working days end on Tuesday 18 Aug 10:00.
    assert add_working(OFFICE, at(2026, 8, 12, 10), 3 * day) == at(2026, 8, 18, 10)


def test_lunch_breaks_and_collective_leave():
    # Thursday 19 Mar 15:00 + 4 h: 1 h on Thursday; 20 Mar (Fri) and 23-24 Mar are cuti bersama;
    # Wednesday 25 Mar from 07:30: 3 h → 10:30.
    assert add_working(SPLIT, at(2026, 3, 19, 15), timedelta(hours=4)) == at(2026, 3, 25, 10, 30)
    assert working_between(SPLIT, at(2026, 3, 25, 11), at(2026, 3, 25, 14)) == timedelta(hours=2)


def test_always_open_is_plain_time():
    start = at(2026, 8, 17, 23, 50)
    assert add_working(always_open(), start, timedelta(minutes=30)) == start + timedelta(minutes=30)


def test_naive_datetimes_and_negative_durations_are_refused():
    with pytest.raises(ValueError, match="aware"):
        add_working(OFFICE, datetime(2026, 1, 1, 9), timedelta(hours=1))
    with pytest.raises(ValueError, match="negative"):
        add_working(OFFICE, at(2026, 1, 1, 9), timedelta(hours=-1))


def test_a_schedule_without_working_time_says_so():
    with pytest.raises(NoWorkingTime):
        add_working(Schedule(), at(2026, 1, 1), timedelta(minutes=1))


def test_the_answer_keeps_the_start_s_time_zone():
    start = datetime(2026, 8, 12, 2, tzinfo=UTC)  # 09:00 WIB
    result = add_working(OFFICE, start, timedelta(hours=1))
    assert result.tzinfo == UTC and result == datetime(2026, 8, 12, 3, tzinfo=UTC)


moments = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2028, 1, 31), timezones=st.just(WIB)
)
durations = st.integers(min_value=0, max_value=60 * 24 * 30).map(lambda m: timedelta(minutes=m))
schedules = st.sampled_from([OFFICE, SPLIT, always_open()])


@settings(max_examples=300, deadline=None)
@given(schedules, moments, durations)
def test_working_between_inverts_add_working(schedule, start, duration):
    end = add_working(schedule, start, duration)
    assert end >= start
    assert working_between(schedule, start, end) == duration


@settings(max_examples=300, deadline=None)
@given(schedules, moments, durations, durations)
def test_adding_in_two_steps_is_adding_once(schedule, start, first, second):
    assert add_working(schedule, add_working(schedule, start, first), second) == add_working(
        schedule, start, first + second
    )


@settings(max_examples=300, deadline=None)
@given(schedules, moments, moments)
def test_working_time_never_exceeds_wall_time_and_splits_at_any_point(schedule, a, b):
    start, end = min(a, b), max(a, b)
    middle = start + (end - start) / 2
    total = working_between(schedule, start, end)
    assert timedelta(0) <= total <= end - start
    assert total == working_between(schedule, start, middle) + working_between(
        schedule, middle, end
    )


@settings(max_examples=200, deadline=None)
@given(
    moments, st.integers(min_value=1, max_value=60 * 24 * 10).map(lambda m: timedelta(minutes=m))
)
def test_a_positive_duration_ends_inside_working_hours(start, duration):
    end = add_working(OFFICE, start, duration).astimezone(WIB)
    assert end.weekday() < 5 and end.date() != date(2026, 8, 17)
    assert time(8) < end.time() <= time(16)
