"""Panels that feature apps add to a report's pages, so the reports app never imports them.

A feature app registers its panels in its `AppConfig.ready()`:

    panels.register(Panel("sla-clocks", "sla/console/_report_clocks.html", clocks, order=10))

`context(request, report, user)` returns the panel's template variables, or None when the panel
is not shown. The page renders the panels of each slot in order; a panel's template sees the
page's context plus its own variables.

Slots: "detail" (the console report page, main column), "actions" (its side column),
"resolve" (inside the resolve form, only when the person may resolve), "track" (the public
tracking page, under the progress bar).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from kendali.reports.models import Report

PanelContext = Callable[[HttpRequest, Report, Any], "dict[str, Any] | None"]

SLOTS = ("detail", "actions", "resolve", "track")


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: PanelContext
    order: int = 100
    slot: str = "detail"

    def __post_init__(self) -> None:
        if self.slot not in SLOTS:
            raise ValueError(f"unknown panel slot {self.slot!r}")


@dataclass(frozen=True)
class ShownPanel:
    key: str
    template: str
    context: dict[str, Any]


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    """Add a panel, or replace the one with the same key (ready() may run twice)."""
    _panels[panel.key] = panel
    return panel


def panels(slot: str) -> list[Panel]:
    return sorted((p for p in _panels.values() if p.slot == slot), key=lambda p: (p.order, p.key))


def shown(slot: str, request: HttpRequest, report: Report, user: Any) -> list[ShownPanel]:
    """The panels of a slot that have something to show for this report and person."""
    rows = []
    for panel in panels(slot):
        context = panel.context(request, report, user)
        if context is not None:
            rows.append(ShownPanel(panel.key, panel.template, context))
    return rows
