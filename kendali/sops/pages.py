"""What the SOP app adds to the shells: navigation, and the checklist and resolve hint on a
report's console page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kendali.lib import nav
from kendali.lib.nav import signed_in
from kendali.reports import panels
from kendali.reports.models import Report
from kendali.sops.access import may_override
from kendali.sops.actions import open_required_steps
from kendali.sops.schemas import checklist


def checklist_panel(request: HttpRequest, report: Report, user: Any) -> dict[str, Any] | None:
    entries = checklist(report, user)
    return {"checklist": entries} if entries else None


def resolve_hint(request: HttpRequest, report: Report, user: Any) -> dict[str, Any] | None:
    """Required steps still open when the person is about to resolve."""
    steps = open_required_steps(report)
    return {"open_required": steps, "may_override": may_override(user)} if steps else None


nav.register(nav.NavItem("sops", _("SOP"), "sops-console:list", 30, "console", signed_in))
nav.register(nav.NavItem("sops", _("SOP"), "sops-portal:list", 60, "portal"))
panels.register(
    panels.Panel("sops-checklist", "sops/console/_report_checklist.html", checklist_panel, 20)
)
panels.register(
    panels.Panel(
        "sops-resolve", "sops/console/_resolve_hint.html", resolve_hint, 10, slot="resolve"
    )
)
