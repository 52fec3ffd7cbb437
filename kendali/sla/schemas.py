"""SLA clocks as the API and the console show them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from ninja import Schema

from kendali.sla.choices import ClockKind, ClockState


class ClockOut(Schema):
    kind: ClockKind
    kind_label: str
    state: ClockState
    state_label: str
    started_at: datetime
    due_at: datetime | None
    stopped_at: datetime | None
    target_minutes: int
    escalation_level: int


def clock_rows(report: Any, now: datetime | None = None) -> list[dict[str, Any]]:
    """One row per clock, in the order the promises usually end (uses prefetched clocks)."""
    now = now or timezone.now()
    order = list(ClockKind.values)
    rows = []
    for clock in sorted(report.clocks.all(), key=lambda c: order.index(c.kind)):
        state = clock.state(now)
        rows.append(
            {
                "kind": clock.kind,
                "kind_label": str(ClockKind(clock.kind).label),
                "state": state,
                "state_label": str(ClockState(state).label),
                "color": ClockState.color(state),
                "started_at": clock.started_at,
                "due_at": None if clock.paused_at else clock.due_at,
                "stopped_at": clock.stopped_at,
                "target_minutes": clock.target_minutes,
                "escalation_level": clock.escalation_level,
            }
        )
    return rows
