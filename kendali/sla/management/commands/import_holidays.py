"""`kendali import-holidays`: holidays and collective leave from CSV or ICS, or from the holidays
package for a country and year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kendali.sla.holidays import UnknownCountry, supported_countries
from kendali.sla.importer import HolidayImportError, import_country, import_holidays, read_file
from kendali.sla.models import Calendar


class Command(BaseCommand):
    help = (
        "Import holidays into a working calendar from CSV (date,name[,kind]) or iCalendar (.ics), "
        "or with --country ID --year N from the holidays package. Existing dates are updated; "
        "nothing is written unless every line is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--calendar", default="", help="calendar code (default: the first)")
        parser.add_argument(
            "--country", default="", help="country code for the holidays package (ID)"
        )
        parser.add_argument(
            "--year", type=int, action="append", help="year (repeatable; default this year)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        calendars = Calendar.objects.filter(always_open=False)
        calendar = (
            calendars.filter(code=options["calendar"]).first()
            if options["calendar"]
            else calendars.order_by("id").first()
        )
        if calendar is None:
            known = ", ".join(calendars.values_list("code", flat=True)) or "none yet"
            raise CommandError(f"no working calendar {options['calendar']!r} (known: {known})")
        if options["country"]:
            self.import_country(calendar, options["country"].upper(), options["year"])
            return
        if options["file"] is None:
            raise CommandError("name a CSV or ICS file, or --country ID [--year N]")
        try:
            created, updated = import_holidays(calendar, read_file(options["file"]))
        except HolidayImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)") from None
        self.stdout.write(
            self.style.SUCCESS(f"{calendar.code}: {created} created, {updated} updated")
        )

    def import_country(self, calendar: Calendar, country: str, years: list[int] | None) -> None:
        years = years or [timezone.localdate().year]
        for year in years:
            if not 1900 <= year <= 2200:
                raise CommandError(f"year {year} is out of range (1900-2200)")
        try:
            for year in years:
                created, updated = import_country(calendar, country, year)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{calendar.code}: {country} {year}: {created} created, {updated} updated"
                    )
                )
        except UnknownCountry:
            sample = ", ".join(sorted(supported_countries())[:12])
            raise CommandError(
                f"the holidays package has no country {country!r} (for example: {sample}, ...)"
            ) from None
