"""Import holidays (and collective leave) from CSV or ICS, or from the holidays package.

Files: every line or event is checked first, problems are listed with their line numbers, and
nothing is imported until the file is clean. The package: `import_country` stores a year of a
country's holidays on a calendar."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.db import transaction

from kendali.audit.actions import record
from kendali.sla.choices import HolidayKind
from kendali.sla.holidays import package_holidays
from kendali.sla.models import Calendar, Holiday

MAX_PROBLEMS = 50
KIND_WORDS = {
    "national": HolidayKind.NATIONAL,
    "nasional": HolidayKind.NATIONAL,
    "libur nasional": HolidayKind.NATIONAL,
    "collective_leave": HolidayKind.COLLECTIVE_LEAVE,
    "cuti bersama": HolidayKind.COLLECTIVE_LEAVE,
    "cuti_bersama": HolidayKind.COLLECTIVE_LEAVE,
    "local": HolidayKind.LOCAL,
    "daerah": HolidayKind.LOCAL,
    "libur daerah": HolidayKind.LOCAL,
    "working_day": HolidayKind.WORKING_DAY,
    "hari kerja": HolidayKind.WORKING_DAY,
    "masuk": HolidayKind.WORKING_DAY,
}


class HolidayImportError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class HolidayRow:
    line: int
    date: date
    name: str
    kind: str


def read_csv(text: str) -> list[HolidayRow]:
    """CSV with a header: ``date,name[,kind]``; dates as YYYY-MM-DD."""
    problems: list[str] = []
    rows: list[HolidayRow] = []
    reader = csv.DictReader(io.StringIO(text))
    fields = {name.strip().lower() for name in reader.fieldnames or []}
    if not {"date", "name"} <= fields:
        raise HolidayImportError(["line 1: the header must name the columns date,name[,kind]"])
    seen: dict[date, int] = {}
    for record_ in reader:
        line = reader.line_num
        values = {
            key.strip().lower(): (value or "").strip() for key, value in record_.items() if key
        }
        raw_date, name = values.get("date", ""), values.get("name", "")
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            problems.append(f"line {line}: {raw_date!r} is not a date (use YYYY-MM-DD)")
            continue
        if not name:
            problems.append(f"line {line}: the holiday has no name")
            continue
        kind = KIND_WORDS.get(values.get("kind", "").lower() or "national")
        if kind is None:
            problems.append(
                f"line {line}: unknown kind {values.get('kind')!r} "
                "(national, collective_leave or local)"
            )
            continue
        if day in seen:
            problems.append(f"line {line}: {day} repeats line {seen[day]}")
            continue
        seen[day] = line
        rows.append(HolidayRow(line, day, name[:160], kind))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise HolidayImportError(problems)
    return rows


def read_ics(text: str) -> list[HolidayRow]:
    """Every VEVENT becomes a holiday on each day it covers (DTSTART to DTEND, exclusive)."""
    from icalendar import Calendar as ICalendar

    try:
        parsed = ICalendar.from_ical(text)
    except ValueError as exc:
        raise HolidayImportError([f"the file is not a valid iCalendar file: {exc}"]) from None
    problems: list[str] = []
    rows: list[HolidayRow] = []
    for number, event in enumerate(parsed.walk("VEVENT"), start=1):
        where = f"event {number}"
        line = _line_of(text, event.get("UID"), number)
        summary = str(event.get("SUMMARY") or "").strip()
        start = event.get("DTSTART")
        if start is None:
            problems.append(f"line {line} ({where}): DTSTART is missing")
            continue
        first = start.dt.date() if isinstance(start.dt, datetime) else start.dt
        end = event.get("DTEND")
        last = (end.dt.date() if isinstance(end.dt, datetime) else end.dt) if end else None
        if not summary:
            problems.append(f"line {line} ({where}): SUMMARY (the name) is missing")
            continue
        days = 1 if last is None else max((last - first).days, 1)
        if days > 31:
            problems.append(f"line {line} ({where}): an event of {days} days is not a holiday")
            continue
        kind = KIND_WORDS.get(str(event.get("CATEGORIES", "")).lower().strip()) or (
            HolidayKind.COLLECTIVE_LEAVE
            if "cuti bersama" in summary.lower()
            else HolidayKind.NATIONAL
        )
        for offset in range(days):
            rows.append(
                HolidayRow(line, date.fromordinal(first.toordinal() + offset), summary[:160], kind)
            )
    if problems:
        raise HolidayImportError(problems)
    return rows


def _line_of(text: str, uid: object, number: int) -> int:
    """The line where the event begins, for messages a person can find in the file."""
    count = 0
    for line_number, line in enumerate(text.splitlines(), start=1):
        if line.strip().upper() == "BEGIN:VEVENT":
            count += 1
            if count == number:
                return line_number
    return 0


def read_file(path: Path) -> list[HolidayRow]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise HolidayImportError([f"{path}: file not found"]) from None
    except OSError as exc:
        raise HolidayImportError([f"{path}: cannot be read ({exc.strerror or exc})"]) from None
    except UnicodeDecodeError as exc:
        raise HolidayImportError([f"{path}: not UTF-8 text (byte {exc.start})"]) from None
    if path.suffix.lower() == ".ics" or text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        return read_ics(text)
    return read_csv(text)


def import_holidays(calendar: Calendar, rows: list[HolidayRow]) -> tuple[int, int]:
    """Create or update holidays by date, all in one transaction. Returns (created, updated)."""
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            _holiday, was_created = Holiday.objects.update_or_create(
                calendar=calendar, date=row.date, defaults={"name": row.name, "kind": row.kind}
            )
            created += was_created
            updated += not was_created
        record(
            actor=None,
            action="calendar.import",
            obj=calendar,
            after={"created": created, "updated": updated},
            source="cli",
        )
    return created, updated


def import_country(
    calendar: Calendar, country: str, year: int, *, source: str = "cli"
) -> tuple[int, int]:
    """Store the holidays package's holidays of ``country`` in ``year`` on ``calendar``, so
    they are visible and editable in the admin. Idempotent; dates the calendar already holds as
    a local holiday or a working-day correction are left alone (local decrees win).
    Returns (created, updated)."""
    wanted = package_holidays(country, year)
    existing = {
        h.date: h
        for h in Holiday.objects.filter(
            calendar=calendar, date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)
        )
    }
    created = updated = 0
    with transaction.atomic():
        for holiday in wanted:
            stored = existing.get(holiday.date)
            if stored is None:
                Holiday.objects.create(
                    calendar=calendar, date=holiday.date, name=holiday.name, kind=holiday.kind
                )
                created += 1
            elif stored.kind not in {HolidayKind.LOCAL, HolidayKind.WORKING_DAY} and (
                stored.name != holiday.name or stored.kind != holiday.kind
            ):
                stored.name, stored.kind = holiday.name, holiday.kind
                stored.save(update_fields=["name", "kind"])
                updated += 1
        if created or updated:
            record(
                actor=None,
                action="calendar.import",
                obj=calendar,
                after={"country": country, "year": year, "created": created, "updated": updated},
                source=source,
            )
    return created, updated
