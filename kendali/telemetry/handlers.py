"""How the fleet follows the report lifecycle: handlers of the reports app's hooks."""

from __future__ import annotations

from kendali.reports import hooks
from kendali.telemetry.actions import release_vehicles


def free_vehicles(event: hooks.ReportEvent) -> None:
    """Vehicles still on duty for a report that has now ended go back to available (a no-op
    for other statuses)."""
    if event.actor is not None:
        release_vehicles(event.report, event.actor, source=event.source)


def register() -> None:
    hooks.report_transitioned.register(free_vehicles, order=20, name="telemetry.free_vehicles")
