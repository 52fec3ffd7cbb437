"""What became of each report, as the KPIs count it: the one definition rollups are made from.

`facts_for(reports, now)` reads a batch of reports with their clocks, transitions, agency
notes and SOP steps in a fixed number of queries and returns one `Facts` per report. Both the
rollups and the raw computation the tests compare them with start from here, so a KPI means
the same thing on every page.

Definitions (working days on the report's resolve calendar, else the first office calendar):
- verified on time: the command center decided (verified, rejected or marked duplicate) within
  3 working days of filing; a report still waiting counts once its 3 days have passed;
- followed up on time: the agency's first word (a note, start, resolve or return) within 5
  working days of the disposition;
- resolution hours: whole working hours from filing to the (last) resolution;
- SLA compliance: resolve clocks that stopped in time, of those stopped or already late;
- overdue: open, with a running resolve clock past its deadline (as of ``now``);
- reopened: resolved at least once and reopened; returned: handed back by an agency
  ("bukan kewenangan") after a disposition;
- SOP steps on time: steps with a time limit done (or skipped) within it, of those done or late.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from kendali.lib.worktime import (
    Schedule,
    add_working,
    office_hours,
    working_between,
    working_minutes_per_day,
)
from kendali.reports.choices import ReportStatus
from kendali.reports.models import Report, Transition, Update
from kendali.sla.choices import ClockKind
from kendali.sla.models import Calendar, Clock
from kendali.sla.schedules import schedule_for
from kendali.sops.choices import StepState
from kendali.sops.models import StepRun

VERIFY_DAYS = 3
FOLLOWUP_DAYS = 5
AGENCY_FIRST_WORDS = ("start", "resolve", "return")
DECIDED = {ReportStatus.REJECTED, ReportStatus.DUPLICATE}
GroupKey = tuple[int | None, int, int | None, str, str]


@dataclass
class Facts:
    report_id: int
    day: date
    agency_id: int | None
    category_id: int
    area_id: int | None
    channel: str
    priority: str
    open: bool = False
    overdue: bool = False
    verify_due: bool = False
    verify_on_time: bool = False
    followup_due: bool = False
    followup_on_time: bool = False
    resolved: bool = False
    resolve_hours: int | None = None
    sla_due: bool = False
    sla_met: bool = False
    resolved_once: bool = False
    reopened: bool = False
    duplicate: bool = False
    dispositioned: bool = False
    returned: bool = False
    steps_due: int = 0
    steps_on_time: int = 0
    # When one of the above changes without a lifecycle event (a window or deadline passing).
    refresh_at: datetime | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def group(self) -> GroupKey:
        return (self.agency_id, self.category_id, self.area_id, self.channel, self.priority)

    def later(self, moment: datetime) -> None:
        if self.refresh_at is None or moment < self.refresh_at:
            self.refresh_at = moment


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    return start, timezone.make_aware(
        datetime.combine(day + timedelta(days=1), datetime.min.time())
    )


_default: dict[str, Schedule] = {}


def default_schedule() -> Schedule:
    """The city's office calendar for KPI windows of reports without a resolve clock."""
    calendar = (
        Calendar.objects.filter(always_open=False)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    if calendar is None:
        return _default.setdefault("office", office_hours())
    return schedule_for(calendar)


def facts_for(reports: Sequence[Report], now: datetime) -> list[Facts]:
    if not reports:
        return []
    ids = [r.pk for r in reports]
    clocks = {
        c.report_id: c for c in Clock.objects.filter(report_id__in=ids, kind=ClockKind.RESOLVE)
    }
    transitions: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    for report_id, action, at in (
        Transition.objects.filter(report_id__in=ids)
        .order_by("created_at", "id")
        .values_list("report_id", "action", "created_at")
    ):
        transitions[report_id].append((action, at))
    agency_notes: dict[int, list[datetime]] = defaultdict(list)
    for report_id, at in Update.objects.filter(report_id__in=ids, agency__isnull=False).values_list(
        "report_id", "created_at"
    ):
        agency_notes[report_id].append(at)
    steps: dict[int, list[tuple[str, datetime, datetime | None]]] = defaultdict(list)
    for report_id, state, due_at, completed_at in StepRun.objects.filter(
        run__report_id__in=ids, due_at__isnull=False
    ).values_list("run__report_id", "state", "due_at", "completed_at"):
        if due_at is not None:
            steps[report_id].append((state, due_at, completed_at))
    fallback = default_schedule()
    return [
        _facts(
            report,
            now,
            clocks.get(report.pk),
            transitions.get(report.pk, []),
            agency_notes.get(report.pk, []),
            steps.get(report.pk, []),
            fallback,
        )
        for report in reports
    ]


def _facts(
    report: Report,
    now: datetime,
    clock: Clock | None,
    transitions: list[tuple[str, datetime]],
    agency_notes: Iterable[datetime],
    steps: list[tuple[str, datetime, datetime | None]],
    fallback: Schedule,
) -> Facts:
    f = Facts(
        report_id=report.pk,
        day=local_day(report.created_at),
        agency_id=report.agency_id,
        category_id=report.category_id,
        area_id=report.area_id,
        channel=report.channel,
        priority=report.priority,
    )
    schedule = schedule_for(clock.calendar_id) if clock is not None else fallback
    day_minutes = working_minutes_per_day(schedule)
    status = report.status
    f.open = status in ReportStatus.open_values()
    f.duplicate = status == ReportStatus.DUPLICATE

    # Verification by the command center.
    decided_at = report.verified_at
    if decided_at is None and status in DECIDED:
        decided_at = report.closed_at
    window = add_working(schedule, report.created_at, timedelta(minutes=VERIFY_DAYS * day_minutes))
    if decided_at is not None:
        f.verify_due, f.verify_on_time = True, decided_at <= window
    elif now >= window:
        f.verify_due = True
    else:
        f.later(window)

    # The agency's first word after the first disposition.
    disposed = [at for action, at in transitions if action == "dispose"]
    if disposed:
        f.dispositioned = True
        first = disposed[0]
        words = [at for action, at in transitions if action in AGENCY_FIRST_WORDS and at >= first]
        words += [at for at in agency_notes if at >= first]
        deadline = add_working(schedule, first, timedelta(minutes=FOLLOWUP_DAYS * day_minutes))
        if words:
            f.followup_due, f.followup_on_time = True, min(words) <= deadline
        elif now >= deadline:
            f.followup_due = True
        else:
            f.later(deadline)
        f.returned = any(action == "return" for action, _at in transitions)

    # Resolution.
    actions = [action for action, _at in transitions]
    f.resolved_once = "resolve" in actions
    f.reopened = f.resolved_once and "reopen" in actions
    if status in (ReportStatus.RESOLVED, ReportStatus.CLOSED) and report.resolved_at is not None:
        f.resolved = True
        spent = working_between(schedule, report.created_at, report.resolved_at)
        f.resolve_hours = int(spent.total_seconds() // 3600)

    # The resolve clock: compliance, and what is overdue right now.
    if clock is not None:
        if clock.stopped_at is not None:
            if clock.outcome in ("met", "late"):
                f.sla_due, f.sla_met = True, clock.outcome == "met"
        elif clock.paused_at is None:
            if now >= clock.due_at:
                f.sla_due = True
                f.overdue = f.open
            else:
                f.later(clock.due_at)

    # SOP steps with a time limit.
    for state, due_at, completed_at in steps:
        if state in (StepState.DONE, StepState.SKIPPED) and completed_at is not None:
            f.steps_due += 1
            f.steps_on_time += int(completed_at <= due_at)
        elif state == StepState.OPEN:
            if now >= due_at:
                f.steps_due += 1
            else:
                f.later(due_at)
    return f
