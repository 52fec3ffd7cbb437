"""Public holidays and cuti bersama from the `holidays` package, for any year.

A working calendar names a country (``Calendar.holiday_country``, Indonesia by default). Its
holidays are the package's public and government holidays for that country (the government
category carries Indonesia's cuti bersama), plus the dates stored on the calendar (local
decrees, `kendali import-holidays`), minus the stored "working day" corrections. So a clock
that runs into a year nobody typed in still skips that year's holidays.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

import holidays as holidays_package

from kendali.sla.choices import HolidayKind

CATEGORIES = ("public", "government")


class UnknownCountry(ValueError):
    pass


@dataclass(frozen=True)
class PackageHoliday:
    date: date
    name: str
    kind: str


def supported_countries() -> set[str]:
    return set(holidays_package.list_supported_countries())


@functools.cache
def package_holidays(country: str, year: int) -> tuple[PackageHoliday, ...]:
    """The package's holidays of ``country`` in ``year``, in Indonesian where it has the names."""
    if country not in supported_countries():
        raise UnknownCountry(country)
    kinds: dict[date, str] = {}
    names: dict[date, str] = {}
    for category in CATEGORIES:
        try:
            found = holidays_package.country_holidays(
                country, years=year, categories=(category,), language="id"
            )
        except NotImplementedError:  # a country without that category or language
            try:
                found = holidays_package.country_holidays(
                    country, years=year, categories=(category,)
                )
            except NotImplementedError:
                continue
        for day, name in found.items():
            names.setdefault(day, name)
            if category == "government":
                kinds.setdefault(day, HolidayKind.COLLECTIVE_LEAVE)
            kinds.setdefault(day, HolidayKind.NATIONAL)
    return tuple(PackageHoliday(day, names[day][:160], kinds[day]) for day in sorted(names))


@functools.cache
def package_dates(country: str, year: int) -> frozenset[date]:
    return frozenset(h.date for h in package_holidays(country, year))


@dataclass(frozen=True)
class CalendarHolidays:
    """``day in holidays`` for one calendar: the package's dates, the stored ones, the
    corrections. Asks the package for a year only when a day of that year is asked about."""

    country: str = ""
    added: frozenset[date] = frozenset()
    removed: frozenset[date] = frozenset()

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date) or day in self.removed:
            return False
        if day in self.added:
            return True
        return bool(self.country) and day in package_dates(self.country, day.year)
