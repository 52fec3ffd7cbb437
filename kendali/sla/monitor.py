"""The SLA worker tick: notice clocks that became at risk, breached, or due to escalate.

Each query reads only the clocks whose moment has come (partial indexes), so a tick costs the
same with a hundred or a hundred thousand open reports. Rows are claimed with ``SELECT ... FOR
UPDATE SKIP LOCKED`` on PostgreSQL, so two workers never handle the same clock; each change is
guarded (``breached_at IS NULL``, a unique row per escalation level), so nothing fires twice
after a crash or a restart.
"""

from __future__ import annotations

from collections.abc import Iterable
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
from kendali.notify.actions import enqueue_webhooks, notify_users
from kendali.notify.choices import NotificationKind
from kendali.reports.actions import add_system_note
from kendali.reports.links import console_url
from kendali.sla.choices import ClockKind, Recipient
from kendali.sla.models import Clock, ClockEscalation, EscalationLevel

BATCH = 200


def recipients(kinds: Iterable[str], report: Any) -> list[User]:
    """The people an escalation or a warning reaches, by role and the report's agency."""
    people: dict[int, User] = {}
    active = User.objects.filter(is_active=True)
    for kind in kinds:
        if kind == Recipient.ASSIGNEE:
            if report.agency_id:
                found = active.filter(agency_id=report.agency_id, role=Role.AGENCY_OFFICER)
            else:
                found = active.filter(role=Role.OPERATOR)
        elif kind == Recipient.AGENCY_HEAD:
            found = (
                active.filter(agency_id=report.agency_id, role=Role.AGENCY_ADMIN)
                if report.agency_id
                else active.filter(role=Role.SUPERVISOR)
            )
        elif kind == Recipient.SHIFT_SUPERVISOR:
            found = active.filter(role=Role.SUPERVISOR)
        elif kind == Recipient.EXECUTIVE:
            found = active.filter(role=Role.EXECUTIVE)
        else:
            continue
        people.update({user.pk: user for user in found})
    return list(people.values())


def _claim(queryset: Any) -> list[Clock]:
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",)).select_related(
            "report", "report__category", "ladder"
        )[:BATCH]
    )


def _system_note(report: Any, body: str, now: datetime) -> None:
    add_system_note(report, body, at=now)


def _clock_label(clock: Clock) -> str:
    return str(ClockKind(clock.kind).label)


def notice_at_risk(now: datetime) -> int:
    with transaction.atomic():
        clocks = _claim(
            Clock.objects.filter(
                stopped_at__isnull=True,
                paused_at__isnull=True,
                at_risk_noticed_at__isnull=True,
                at_risk_at__lte=now,
                due_at__gt=now,
            ).order_by("at_risk_at")
        )
        for clock in clocks:
            Clock.objects.filter(pk=clock.pk).update(at_risk_noticed_at=now)
            report = clock.report
            with override("id"):
                title = _("SLA %(clock)s hampir terlambat: %(ticket)s") % {
                    "clock": _clock_label(clock),
                    "ticket": report.ticket,
                }
            notify_users(
                recipients([Recipient.ASSIGNEE], report),
                kind=NotificationKind.SLA_AT_RISK,
                title=title,
                url=console_url(report),
                report=report,
            )
        return len(clocks)


def notice_breaches(now: datetime) -> int:
    with transaction.atomic():
        clocks = _claim(
            Clock.objects.filter(
                stopped_at__isnull=True,
                paused_at__isnull=True,
                breached_at__isnull=True,
                due_at__lte=now,
            ).order_by("due_at")
        )
        for clock in clocks:
            first = _first_level(clock)
            next_at = clock.due_at + timedelta(minutes=first.delay_minutes) if first else None
            updated = Clock.objects.filter(pk=clock.pk, breached_at__isnull=True).update(
                breached_at=clock.due_at, next_escalation_at=next_at
            )
            if not updated:
                continue
            report = clock.report
            with override("id"):
                title = _("SLA %(clock)s terlewati: %(ticket)s") % {
                    "clock": _clock_label(clock),
                    "ticket": report.ticket,
                }
            _system_note(report, title, now)
            record(
                actor=None,
                action="sla.breached",
                obj=report,
                after={"clock": clock.kind, "due_at": clock.due_at},
                source="worker",
            )
            notify_users(
                recipients([Recipient.ASSIGNEE], report),
                kind=NotificationKind.SLA_BREACHED,
                title=title,
                url=console_url(report),
                report=report,
            )
            data = {"ticket": report.ticket, "clock": clock.kind, "due_at": clock.due_at}
            enqueue_webhooks(
                "sla.breached", data, key=f"sla.breached:{clock.pk}", agency_id=report.agency_id
            )
            publish_on_commit(
                "report.changed",
                {"ticket": report.ticket, "action": "sla.breached", "status": report.status},
                [report.agency_id],
            )
        return len(clocks)


def _first_level(clock: Clock) -> EscalationLevel | None:
    if clock.ladder_id is None:
        return None
    return EscalationLevel.objects.filter(ladder_id=clock.ladder_id).order_by("level").first()


def escalate(now: datetime) -> int:
    fired = 0
    with transaction.atomic():
        clocks = _claim(
            Clock.objects.filter(
                stopped_at__isnull=True,
                paused_at__isnull=True,
                next_escalation_at__lte=now,
            ).order_by("next_escalation_at")
        )
        for clock in clocks:
            fired += fire_next_level(clock, now)
    return fired


def fire_next_level(clock: Clock, now: datetime) -> int:
    """Fire the clock's next ladder level once; schedule the one after. Returns 1 if fired."""
    levels = list(EscalationLevel.objects.filter(ladder_id=clock.ladder_id).order_by("level"))
    pending = [level for level in levels if level.level > clock.escalation_level]
    if not pending or clock.breached_at is None:
        Clock.objects.filter(pk=clock.pk).update(next_escalation_at=None)
        return 0
    level, later = pending[0], pending[1:]
    report = clock.report
    people = recipients(level.recipients, report)
    try:
        with transaction.atomic():
            ClockEscalation.objects.create(
                clock=clock,
                level=level.level,
                fired_at=now,
                recipients=[person.username for person in people],
            )
    except IntegrityError:  # already fired (another worker, or before a crash)
        return 0
    next_at = clock.breached_at + timedelta(minutes=later[0].delay_minutes) if later else None
    Clock.objects.filter(pk=clock.pk).update(
        escalation_level=level.level, next_escalation_at=next_at
    )
    with override("id"):
        title = _("Eskalasi tingkat %(level)d: SLA %(clock)s %(ticket)s terlewati") % {
            "level": level.level,
            "clock": _clock_label(clock),
            "ticket": report.ticket,
        }
        body = _("Diteruskan kepada: %(names)s") % {
            "names": ", ".join(str(person) for person in people) or "-"
        }
    _system_note(report, f"{title}. {body}", now)
    record(
        actor=None,
        action="sla.escalated",
        obj=report,
        after={
            "clock": clock.kind,
            "level": level.level,
            "recipients": [p.username for p in people],
        },
        source="worker",
    )
    notify_users(
        people,
        kind=NotificationKind.ESCALATION,
        title=title,
        body=body,
        url=console_url(report),
        report=report,
    )
    enqueue_webhooks(
        "sla.escalated",
        {"ticket": report.ticket, "clock": clock.kind, "level": level.level},
        key=f"sla.escalated:{clock.pk}:{level.level}",
        agency_id=report.agency_id,
    )
    return 1


def tick(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "at_risk": notice_at_risk(now),
        "breached": notice_breaches(now),
        "escalated": escalate(now),
    }
