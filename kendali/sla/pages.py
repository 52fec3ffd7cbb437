"""What the SLA app adds to a report's pages: the clocks in the console, the promised date on
the public tracking page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kendali.reports import panels
from kendali.reports.models import Report
from kendali.sla.actions import expected_resolution
from kendali.sla.schemas import clock_rows


def clocks_panel(request: HttpRequest, report: Report, user: Any) -> dict[str, Any] | None:
    rows = clock_rows(report)
    return {"clocks": rows} if rows else None


def promised_panel(request: HttpRequest, report: Report, user: Any) -> dict[str, Any] | None:
    due = expected_resolution(report)
    return {"expected_resolution": due} if due else None


panels.register(panels.Panel("sla-clocks", "sla/console/_report_clocks.html", clocks_panel, 10))
panels.register(
    panels.Panel(
        "sla-promised", "sla/portal/_expected_resolution.html", promised_panel, 10, slot="track"
    )
)
