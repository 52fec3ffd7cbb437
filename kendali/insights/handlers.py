"""The insights app listens to the lifecycle: every change marks the report's filing day."""

from __future__ import annotations

from kendali.insights.rollups import mark_dirty
from kendali.reports import hooks


def mark_report_day(event: hooks.ReportEvent) -> None:
    mark_dirty(event.report.created_at)


def register() -> None:
    for hook in (
        hooks.report_created,
        hooks.report_transitioned,
        hooks.report_updated,
        hooks.report_priority_changed,
    ):
        hook.register(mark_report_day, order=80, name="insights.rollups")
