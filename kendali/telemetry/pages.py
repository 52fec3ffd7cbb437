"""What telemetry adds to the shells: navigation, its own sub-navigation, and the nearest
vehicles on a report's console page (loaded by HTMX)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kendali.lib import nav
from kendali.lib.nav import signed_in
from kendali.reports import panels
from kendali.reports.models import Report


def fleet_panel(request: HttpRequest, report: Report, user: Any) -> dict[str, Any] | None:
    return {}  # the fragment it loads decides what this person sees


nav.register(
    nav.NavItem("telemetry", _("Telemetri"), "telemetry-console:overview", 40, "console", signed_in)
)
nav.register(
    nav.NavItem(
        "overview", _("Sensor & peringatan alat"), "telemetry-console:overview", 10, "telemetry"
    )
)
nav.register(
    nav.NavItem("cameras", _("Dinding kamera"), "telemetry-console:cameras", 20, "telemetry")
)
nav.register(nav.NavItem("vehicles", _("Armada"), "telemetry-console:vehicles", 30, "telemetry"))
nav.register(nav.NavItem("map", _("Peta langsung"), "reports-console:map", 40, "telemetry"))
panels.register(
    panels.Panel(
        "telemetry-fleet",
        "telemetry/console/_report_fleet_panel.html",
        fleet_panel,
        10,
        slot="actions",
    )
)
