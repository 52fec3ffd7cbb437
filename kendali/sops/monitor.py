"""The SOP worker tick: steps past their time limit, and the escalation ladder behind them.

Same guarantees as the SLA tick: only due rows are read, rows are claimed with SKIP LOCKED, and
a level fires once (unique row per step and level)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kendali.agencies.choices import Role
from kendali.agencies.models import User
from kendali.audit.actions import record
from kendali.lib.broker import publish_on_commit
from kendali.notify.actions import notify_users
from kendali.notify.choices import NotificationKind
from kendali.reports.actions import add_system_note
from kendali.reports.links import console_url
from kendali.sla.choices import Recipient
from kendali.sla.models import EscalationLadder, EscalationLevel
from kendali.sla.monitor import recipients
from kendali.sops.choices import StepState
from kendali.sops.models import StepEscalation, StepRun

BATCH = 200
DEFAULT_LADDER = "langkah-sop"


def _ladder_id(step_run: StepRun) -> int | None:
    version = step_run.run.version
    if version.ladder_id:
        return version.ladder_id
    ladder = EscalationLadder.objects.filter(code=DEFAULT_LADDER).first()
    return ladder.pk if ladder else None


def _owners(step_run: StepRun) -> list[User]:
    report = step_run.run.report
    role = step_run.step.owner_role
    people = User.objects.filter(role=role, is_active=True)
    if role in {Role.AGENCY_ADMIN, Role.AGENCY_OFFICER}:
        people = people.filter(agency=report.agency)
    return list(people)


def _note(report: Any, body: str, now: datetime) -> None:
    add_system_note(report, body, at=now)


def _claim(queryset: Any) -> list[StepRun]:
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",)).select_related(
            "step", "run", "run__version", "run__report"
        )[:BATCH]
    )


def notice_overdue(now: datetime) -> int:
    with transaction.atomic():
        step_runs = _claim(
            StepRun.objects.filter(
                state=StepState.OPEN,
                overdue_noticed_at__isnull=True,
                due_at__isnull=False,
                due_at__lte=now,
                run__report__status__in=["verified", "dispositioned", "in_progress"],
            ).order_by("due_at")
        )
        for step_run in step_runs:
            ladder_id = _ladder_id(step_run)
            first = (
                EscalationLevel.objects.filter(ladder_id=ladder_id).order_by("level").first()
                if ladder_id
                else None
            )
            assert step_run.due_at is not None
            StepRun.objects.filter(pk=step_run.pk).update(
                overdue_noticed_at=now,
                next_escalation_at=step_run.due_at + timedelta(minutes=first.delay_minutes)
                if first
                else None,
            )
            report = step_run.run.report
            with override("id"):
                title = _("Langkah SOP %(order)d lewat batas waktu: %(ticket)s") % {
                    "order": step_run.order,
                    "ticket": report.ticket,
                }
            _note(report, f"{title} ({step_run.step.title})", now)
            notify_users(
                _owners(step_run),
                kind=NotificationKind.STEP_DUE,
                title=title,
                body=step_run.step.title,
                url=console_url(report),
                report=report,
            )
        return len(step_runs)


def escalate(now: datetime) -> int:
    fired = 0
    with transaction.atomic():
        for step_run in _claim(
            StepRun.objects.filter(state=StepState.OPEN, next_escalation_at__lte=now).order_by(
                "next_escalation_at"
            )
        ):
            fired += _fire_next(step_run, now)
    return fired


def _fire_next(step_run: StepRun, now: datetime) -> int:
    ladder_id = _ladder_id(step_run)
    levels = list(EscalationLevel.objects.filter(ladder_id=ladder_id).order_by("level"))
    pending = [level for level in levels if level.level > step_run.escalation_level]
    if not pending or step_run.due_at is None:
        StepRun.objects.filter(pk=step_run.pk).update(next_escalation_at=None)
        return 0
    level, later = pending[0], pending[1:]
    report = step_run.run.report
    people: dict[int, User] = {}
    for kind in level.recipients:
        found = _owners(step_run) if kind == Recipient.ASSIGNEE else recipients([kind], report)
        people.update({person.pk: person for person in found})
    try:
        with transaction.atomic():
            StepEscalation.objects.create(
                step_run=step_run,
                level=level.level,
                fired_at=now,
                recipients=[person.username for person in people.values()],
            )
    except IntegrityError:
        return 0
    StepRun.objects.filter(pk=step_run.pk).update(
        escalation_level=level.level,
        next_escalation_at=step_run.due_at + timedelta(minutes=later[0].delay_minutes)
        if later
        else None,
    )
    with override("id"):
        title = _("Eskalasi tingkat %(level)d: langkah SOP %(order)d %(ticket)s belum selesai") % {
            "level": level.level,
            "order": step_run.order,
            "ticket": report.ticket,
        }
        body = _("Diteruskan kepada: %(names)s") % {
            "names": ", ".join(str(person) for person in people.values()) or "-"
        }
    _note(report, f"{title} ({step_run.step.title}). {body}", now)
    record(
        actor=None,
        action="sop.step.escalated",
        obj=report,
        after={
            "step": step_run.order,
            "level": level.level,
            "recipients": sorted(p.username for p in people.values()),
        },
        source="worker",
    )
    notify_users(
        people.values(),
        kind=NotificationKind.ESCALATION,
        title=title,
        body=body,
        url=console_url(report),
        report=report,
    )
    publish_on_commit(
        "report.changed",
        {"ticket": report.ticket, "action": "sop.escalated", "status": report.status},
        [report.agency_id],
    )
    return 1


def tick(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {"overdue": notice_overdue(now), "escalated": escalate(now)}
