"""The live event a report change publishes: what staff consoles hear, never personal data."""

from __future__ import annotations

from typing import Any

from kendali.reports.models import Report


def event_data(report: Report, action: str) -> dict[str, Any]:
    return {
        "ticket": report.ticket,
        "action": action,
        "status": report.status,
        "priority": report.priority,
        "agency_id": report.agency_id,
        "category": report.category.code,
    }
