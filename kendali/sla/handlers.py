"""How SLA clocks follow the report lifecycle: handlers of the reports app's hooks."""

from __future__ import annotations

from datetime import datetime

from kendali.reports import hooks
from kendali.sla.actions import expected_resolution, on_report_change
from kendali.sla.schemas import ClockOut, clock_rows


def follow_report(event: hooks.ReportEvent) -> None:
    """Start, stop, pause or retarget the report's clocks for what just happened."""
    on_report_change(event.report, event.action, event.at, by_agency=event.by_agency)


def register() -> None:
    for hook in (
        hooks.report_created,
        hooks.report_transitioned,
        hooks.report_updated,
        hooks.report_priority_changed,
    ):
        hook.register(follow_report, order=10, name="sla.clocks")
    hooks.add_public_field(
        hooks.ReportField(
            "expected_resolution",
            datetime | None,
            expected_resolution,
            description="When the city promised resolution (SLA), while the report is open",
            prefetch=("clocks",),
        )
    )
    hooks.add_staff_field(hooks.ReportField("sla", list[ClockOut], clock_rows))
