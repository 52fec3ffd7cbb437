"""`kendali import-holidays FILE --calendar CODE`: holidays and collective leave from CSV or ICS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kendali.sla.importer import HolidayImportError, import_holidays, read_file
from kendali.sla.models import Calendar


class Command(BaseCommand):
    help = (
        "Import holidays into a working calendar from CSV (date,name[,kind]) or iCalendar (.ics). "
        "Existing dates are updated; nothing is written unless every line is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--calendar", default="", help="calendar code (default: the first)")

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
        try:
            created, updated = import_holidays(calendar, read_file(options["file"]))
        except HolidayImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)") from None
        self.stdout.write(
            self.style.SUCCESS(f"{calendar.code}: {created} created, {updated} updated")
        )
