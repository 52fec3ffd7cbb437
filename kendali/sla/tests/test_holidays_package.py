"""Holidays from the holidays package: any year, corrections that win, the import command."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from kendali.sla.choices import HolidayKind
from kendali.sla.holidays import CalendarHolidays, package_dates
from kendali.sla.models import Calendar, Clock, Holiday, WorkingHours
from kendali.sla.schedules import build

WIB = ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db


def office(country: str = "ID") -> Calendar:
    calendar = Calendar.objects.create(code=f"kantor-{country or 'none'}", name="Kantor")
    calendar.holiday_country = country
    calendar.save()
    for day in range(5):
        WorkingHours.objects.create(calendar=calendar, weekday=day, start=time(8), end=time(16))
    return calendar


def test_the_package_knows_indonesias_holidays_and_cuti_bersama():
    days_2026 = package_dates("ID", 2026)
    assert date(2026, 8, 17) in days_2026  # Hari Kemerdekaan
    assert date(2026, 12, 24) in days_2026  # cuti bersama Natal
    assert date(2028, 4, 14) in package_dates("ID", 2028)  # Wafat Yesus Kristus


def test_a_calendar_with_no_stored_rows_still_skips_a_future_years_holidays():
    schedule = build(office())
    assert date(2028, 4, 14) in schedule.holidays
    assert date(2028, 4, 13) not in schedule.holidays


def test_a_working_day_correction_wins_over_the_package_and_a_local_holiday_adds():
    calendar = office()
    Holiday.objects.create(
        calendar=calendar, date=date(2028, 4, 14), name="Masuk", kind=HolidayKind.WORKING_DAY
    )
    Holiday.objects.create(
        calendar=calendar, date=date(2028, 9, 25), name="HUT Kota", kind=HolidayKind.LOCAL
    )
    holidays = build(calendar).holidays
    assert date(2028, 4, 14) not in holidays
    assert date(2028, 9, 25) in holidays


def test_a_calendar_without_a_country_keeps_only_its_own_dates():
    holidays = CalendarHolidays(country="", added=frozenset({date(2028, 1, 3)}))
    assert date(2028, 1, 3) in holidays
    assert date(2028, 1, 1) not in holidays


def test_an_sla_clock_started_on_1_march_2028_skips_that_years_holidays(
    world, make_report, operator
):
    from kendali.sla.models import SLAPolicy

    calendar = office()
    # 33 working days of 8 hours from Wednesday 1 March 2028, 08:00 WIB, with no calendar rows
    # for 2028: without holidays it would end on Friday 14 April 16:00, but that is Good Friday
    # (Wafat Yesus Kristus), so the deadline moves to Monday 17 April 16:00.
    SLAPolicy.objects.create(
        name="Uji 2028", calendar=calendar, verify_minutes=33 * 480, resolve_minutes=60 * 480
    )
    with time_machine.travel(datetime(2028, 3, 1, 8, 0, tzinfo=WIB), tick=False):
        report = make_report()
    clock = Clock.objects.get(report=report, kind="verify")
    assert clock.due_at.astimezone(WIB) == datetime(2028, 4, 17, 16, 0, tzinfo=WIB)


def test_import_holidays_for_a_country_and_year_stores_rows_once(world):
    calendar = office()
    call_command(
        "import_holidays", "--country", "ID", "--year", "2028", "--calendar", calendar.code
    )
    stored = Holiday.objects.filter(calendar=calendar, date__year=2028).count()
    assert stored == len(package_dates("ID", 2028))
    call_command(
        "import_holidays", "--country", "id", "--year", "2028", "--calendar", calendar.code
    )
    assert Holiday.objects.filter(calendar=calendar, date__year=2028).count() == stored


def test_import_leaves_local_corrections_alone(world):
    calendar = office()
    Holiday.objects.create(
        calendar=calendar, date=date(2028, 4, 14), name="Masuk", kind=HolidayKind.WORKING_DAY
    )
    call_command(
        "import_holidays", "--country", "ID", "--year", "2028", "--calendar", calendar.code
    )
    kept = Holiday.objects.get(calendar=calendar, date=date(2028, 4, 14))
    assert kept.kind == HolidayKind.WORKING_DAY and kept.name == "Masuk"


def test_an_unknown_country_is_a_clear_error(world):
    calendar = office()
    with pytest.raises(CommandError, match="no country 'XX'"):
        call_command("import_holidays", "--country", "XX", "--calendar", calendar.code)
