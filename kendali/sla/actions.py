"""SLA clocks: started, stopped, paused and resumed by what happens to a report.

The report actions call :func:`on_report_change` inside their transaction. A clock stores its
due time and its at-risk time (80 % of the target used), both computed in working time on its
calendar; the worker (:mod:`kendali.sla.monitor`) only looks at clocks whose moment has come.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from kendali.lib.cache import ProcessCache
from kendali.lib.worktime import add_working, working_between
from kendali.sla.choices import ClockKind
from kendali.sla.models import Clock, SLAPolicy
from kendali.sla.schedules import schedule_for

AT_RISK_SHARE = 0.8

# action of the report → (clocks to stop as met/late, clocks to start)
_STOPS_STARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "create": ((), (ClockKind.VERIFY,)),
    "verify": ((ClockKind.VERIFY,), (ClockKind.DISPOSE, ClockKind.RESOLVE)),
    "dispose": ((ClockKind.DISPOSE,), (ClockKind.FIRST_RESPONSE,)),
    "start": ((ClockKind.FIRST_RESPONSE,), ()),
    "resolve": ((ClockKind.FIRST_RESPONSE, ClockKind.RESOLVE), ()),
    "return": ((), (ClockKind.DISPOSE,)),
    "reopen": ((), (ClockKind.RESOLVE,)),
}


# Every policy (a small table), kept briefly: each report action asks for one.
policies = ProcessCache[str, list[SLAPolicy]]("sla.policies", seconds=30.0)
policies.forget_on(SLAPolicy)


def _all_policies() -> list[SLAPolicy]:
    return policies.get("all", lambda: list(SLAPolicy.objects.all()))


def policy_for(category_id: int, priority: str) -> SLAPolicy | None:
    """The most specific policy: category and priority, category, priority, then the default."""
    candidates = [
        p
        for p in _all_policies()
        if p.category_id in {category_id, None} and p.priority in {priority, ""}
    ]
    ranked = sorted(
        candidates, key=lambda p: (p.category_id is not None, p.priority != ""), reverse=True
    )
    return ranked[0] if ranked else None


def _due_times(clock: Clock) -> tuple[datetime, datetime]:
    schedule = schedule_for(clock.calendar_id)
    paused = timedelta(minutes=clock.paused_minutes)
    target = timedelta(minutes=clock.target_minutes)
    due = add_working(schedule, clock.started_at, target + paused)
    at_risk = add_working(schedule, clock.started_at, target * AT_RISK_SHARE + paused)
    return due, at_risk


def start(report: Any, kind: str, now: datetime, policy: SLAPolicy | None) -> Clock | None:
    """Start (or restart) one clock when the report's policy sets a target for it."""
    target = policy.target(kind) if policy else None
    if policy is None or target is None:
        Clock.objects.filter(report=report, kind=kind, stopped_at__isnull=True).update(
            stopped_at=now, outcome="cancelled", next_escalation_at=None
        )
        return None
    clock = Clock.objects.filter(report=report, kind=kind).first() or Clock(
        report=report, kind=kind
    )
    clock.policy = policy
    clock.calendar_id = policy.calendar_id
    clock.ladder_id = policy.ladder_id
    clock.target_minutes = target
    clock.started_at = now
    clock.paused_minutes = 0
    clock.paused_at = None
    clock.stopped_at = None
    clock.outcome = ""
    clock.at_risk_noticed_at = None
    clock.breached_at = None
    clock.escalation_level = 0
    clock.next_escalation_at = None
    clock.due_at, clock.at_risk_at = _due_times(clock)
    clock.save()
    return clock


def stop(report: Any, kinds: tuple[str, ...], now: datetime) -> None:
    for clock in Clock.objects.filter(report=report, kind__in=kinds, stopped_at__isnull=True):
        late = now > clock.due_at if clock.paused_at is None else clock.breached_at is not None
        clock.stopped_at = now
        clock.outcome = "late" if late else "met"
        clock.next_escalation_at = None
        clock.save(update_fields=["stopped_at", "outcome", "next_escalation_at"])


def cancel_all(report: Any, now: datetime) -> None:
    Clock.objects.filter(report=report, stopped_at__isnull=True).update(
        stopped_at=now, outcome="cancelled", next_escalation_at=None
    )


def pause_all(report: Any, now: datetime) -> None:
    Clock.objects.filter(report=report, stopped_at__isnull=True, paused_at__isnull=True).update(
        paused_at=now
    )


def resume_all(report: Any, now: datetime) -> None:
    for clock in Clock.objects.filter(
        report=report, stopped_at__isnull=True, paused_at__isnull=False
    ):
        assert clock.paused_at is not None
        waited = working_between(schedule_for(clock.calendar_id), clock.paused_at, now)
        clock.paused_minutes += waited.total_seconds() / 60
        clock.paused_at = None
        clock.due_at, clock.at_risk_at = _due_times(clock)
        clock.save()


def retarget(report: Any, now: datetime) -> None:
    """The priority changed: running clocks follow the policy of the new priority."""
    policy = policy_for(report.category_id, report.priority)
    for clock in Clock.objects.filter(report=report, stopped_at__isnull=True):
        target = policy.target(clock.kind) if policy else None
        if policy is None or target is None:
            continue
        clock.policy = policy
        clock.calendar_id, clock.ladder_id = policy.calendar_id, policy.ladder_id
        clock.target_minutes = target
        clock.due_at, clock.at_risk_at = _due_times(clock)
        if clock.breached_at is not None and now < clock.due_at:
            # No longer late under the new target: forget the breach and its escalations.
            clock.breached_at = None
            clock.next_escalation_at = None
        clock.save()


def on_report_change(report: Any, action: str, now: datetime, *, by_agency: bool = False) -> None:
    """Called by every report action, inside its transaction. ``by_agency``: the person acting
    works for the agency handling the report (their first word stops its response clock)."""
    if action == "hold":
        pause_all(report, now)
        return
    if action == "resume":
        resume_all(report, now)
        return
    if action in {"reject", "duplicate"}:
        cancel_all(report, now)
        return
    if action == "priority":
        retarget(report, now)
        return
    if action == "update":
        if by_agency:
            stop(report, (ClockKind.FIRST_RESPONSE,), now)
        return
    stops, starts = _STOPS_STARTS.get(action, ((), ()))
    if stops:
        stop(report, stops, now)
    if starts:
        policy = policy_for(report.category_id, report.priority)
        for kind in starts:
            start(report, kind, now, policy)


def expected_resolution(report: Any) -> datetime | None:
    """When the city promised this report would be resolved (the running resolve clock)."""
    clock = next(
        (c for c in report.clocks.all() if c.kind == ClockKind.RESOLVE and c.stopped_at is None),
        None,
    )
    if clock is None:
        return None
    if clock.paused_at is not None:
        return None
    due: datetime = clock.due_at
    return due
