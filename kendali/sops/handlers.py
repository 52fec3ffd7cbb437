"""How SOP runs follow the report lifecycle: handlers of the reports app's hooks."""

from __future__ import annotations

from typing import Any

from kendali.reports import hooks
from kendali.sops.actions import check_resolvable, start_run
from kendali.sops.schemas import SopRunOut, main_run, run_out


def attach_run(event: hooks.ReportEvent) -> None:
    """A verified report gets the SOP in force for its category as its checklist."""
    if event.action == "verify":
        start_run(event.report, event.at)


def refuse_open_steps(check: hooks.ResolveCheck) -> None:
    """Required steps must be done before resolving, unless a supervisor overrides."""
    check_resolvable(check.report, check.actor, check.override_reason, check.at)


def sop_run(report: Any) -> dict[str, Any] | None:
    run = main_run(report)
    return run_out(run) if run is not None else None


def register() -> None:
    hooks.report_transitioned.register(attach_run, order=30, name="sops.attach_run")
    hooks.report_resolving.register(refuse_open_steps, order=30, name="sops.required_steps")
    hooks.add_staff_field(hooks.ReportField("sop_run", SopRunOut | None, sop_run))
