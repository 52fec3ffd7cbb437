"""The report lifecycle's hooks: what the actions announce, and what views may be extended with.

The actions in `kendali.reports.actions` call these inside their transaction; the feature apps
(SLA clocks, SOP runs, telemetry, notifications, and every later app) register handlers in
their `AppConfig.ready()`. The reports app imports none of them. Order numbers leave room:
clocks (10) run before vehicles (20), SOP runs (30) and notifications (90), so a message can
name a deadline that was just set.

Report views (the API's public and staff answers) are extended the same way: a feature app
registers a `ReportField` and its value appears in the answer and in the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kendali.lib.hooks import Hook, declare

if TYPE_CHECKING:
    from kendali.agencies.models import User
    from kendali.reports.models import Report, Transition, Update


@dataclass(frozen=True)
class ReportEvent:
    """What happened to a report, as every lifecycle hook receives it."""

    report: Report
    actor: User | None
    action: str
    at: datetime
    source: str = "web"
    transition: Transition | None = None
    from_status: str = ""
    previous_agency_id: int | None = None
    public_note: str = ""
    update: Update | None = None
    # The live event's data (ticket, action, status, priority, agency, category): no personal
    # data, so handlers may forward it (webhooks).
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def by_agency(self) -> bool:
        """The actor works for the agency that now handles the report."""
        actor = self.actor
        return bool(
            actor is not None and actor.is_agency_staff and actor.agency_id == self.report.agency_id
        )


@dataclass(frozen=True)
class ResolveCheck:
    """A report about to be resolved; a handler raises `ActionError` to refuse."""

    report: Report
    actor: User
    override_reason: str
    at: datetime


report_created: Hook[ReportEvent] = declare(
    "report_created", "A report was filed (any channel); after its transition and audit rows."
)
report_transitioned: Hook[ReportEvent] = declare(
    "report_transitioned",
    "A report changed status (verify, hold, dispose, resolve, ...); after its transition row.",
)
report_updated: Hook[ReportEvent] = declare(
    "report_updated", "A note was added to a report's timeline (public or internal)."
)
report_priority_changed: Hook[ReportEvent] = declare(
    "report_priority_changed", "A report's priority changed."
)
report_resolving: Hook[ResolveCheck] = declare(
    "report_resolving", "A report is about to be resolved: a handler may refuse (SOP steps)."
)


@dataclass(frozen=True)
class ReportField:
    """One field a feature app adds to a report's API answer."""

    name: str
    annotation: Any
    build: Callable[[Report], Any]
    description: str = ""
    # Related rows ``build`` reads, prefetched by the views that list or show reports.
    prefetch: tuple[str, ...] = ()


PUBLIC_FIELDS: dict[str, ReportField] = {}
STAFF_FIELDS: dict[str, ReportField] = {}


def add_public_field(report_field: ReportField) -> None:
    """Add a field to the public report answer (`GET /api/v1/reports/{ticket}`, tracking)."""
    PUBLIC_FIELDS[report_field.name] = report_field


def add_staff_field(report_field: ReportField) -> None:
    """Add a field to the staff report answer (`GET /api/v1/staff/reports/{ticket}`)."""
    STAFF_FIELDS[report_field.name] = report_field


def extra_values(fields: dict[str, ReportField], report: Report) -> dict[str, Any]:
    return {name: f.build(report) for name, f in fields.items()}


def prefetches(fields: dict[str, ReportField]) -> list[str]:
    """What to prefetch for these fields, each relation once."""
    return list(dict.fromkeys(name for f in fields.values() for name in f.prefetch))
