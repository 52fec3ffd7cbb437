"""SOPs and their runs as the API, the console and the public website show them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema

from kendali.agencies.choices import Role
from kendali.lib.markdown import render_markdown
from kendali.sops.access import may_complete
from kendali.sops.choices import Evidence, StepKind, StepState
from kendali.sops.models import SOP, SOPRun, SOPVersion, StepRun


class StepOut(Schema):
    order: int
    title: str
    instructions: str
    owner_role: str
    owner_role_label: str
    time_limit_minutes: int | None
    required: bool
    evidence: Evidence
    kind: StepKind
    yes_step: int | None
    no_step: int | None


class VersionOut(Schema):
    number: int
    published_at: datetime | None
    change_note: str
    enforce_order: bool
    calendar: str | None
    steps: list[StepOut]


class SOPOut(Schema):
    code: str
    title: str
    purpose: str
    legal_basis: str
    categories: list[str]
    priorities: list[str]
    version: VersionOut


class SOPItem(Schema):
    code: str
    title: str
    categories: list[str]
    version: int
    published_at: datetime | None


class StepRunOut(Schema):
    order: int
    title: str
    owner_role: str
    required: bool
    evidence: Evidence
    kind: StepKind
    state: StepState
    due_at: datetime | None
    completed_at: datetime | None
    actor: str | None
    note: str
    decision: str | None
    skip_reason: str
    sub_run: SopRunOut | None = None


class SopRunOut(Schema):
    sop: str
    title: str
    version: int
    started_at: datetime
    completed_at: datetime | None
    override_reason: str | None
    steps: list[StepRunOut]


StepRunOut.model_rebuild()


def step_out(step: Any) -> dict[str, Any]:
    return {
        "order": step.order,
        "title": step.title,
        "instructions": step.instructions,
        "owner_role": step.owner_role,
        "owner_role_label": str(Role(step.owner_role).label),
        "time_limit_minutes": step.time_limit_minutes,
        "required": step.required,
        "evidence": step.evidence,
        "kind": step.kind,
        "yes_step": step.yes_step,
        "no_step": step.no_step,
    }


def version_out(version: SOPVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "published_at": version.published_at,
        "change_note": version.change_note,
        "enforce_order": version.enforce_order,
        "calendar": version.calendar.name if version.calendar else None,
        "steps": [step_out(step) for step in version.steps.all()],
    }


def sop_out(sop: SOP, version: SOPVersion) -> dict[str, Any]:
    return {
        "code": sop.code,
        "title": sop.title,
        "purpose": sop.purpose,
        "legal_basis": sop.legal_basis,
        "categories": [c.code for c in sop.categories.all()],
        "priorities": list(sop.priorities),
        "version": version_out(version),
    }


def run_out(run: SOPRun) -> dict[str, Any]:
    return {
        "sop": run.version.sop.code,
        "title": run.version.sop.title,
        "version": run.version.number,
        "started_at": run.started_at,
        "completed_at": run.completed_at,
        "override_reason": run.override_reason or None,
        "steps": [_step_run_out(step_run) for step_run in _steps(run)],
    }


def _steps(run: SOPRun) -> list[StepRun]:
    return list(run.steps.select_related("step", "actor").order_by("order"))


def _step_run_out(step_run: StepRun) -> dict[str, Any]:
    child = getattr(step_run, "child_run", None)
    return {
        "order": step_run.order,
        "title": step_run.step.title,
        "owner_role": step_run.step.owner_role,
        "required": step_run.step.required,
        "evidence": step_run.step.evidence,
        "kind": step_run.step.kind,
        "state": step_run.state,
        "due_at": step_run.due_at,
        "completed_at": step_run.completed_at,
        "actor": str(step_run.actor) if step_run.actor else None,
        "note": step_run.note,
        "decision": step_run.decision or None,
        "skip_reason": step_run.skip_reason,
        "sub_run": run_out(child) if child is not None else None,
    }


def main_run(report: Any) -> SOPRun | None:
    return (
        SOPRun.objects.filter(report=report, parent_step__isnull=True)
        .select_related("version", "version__sop")
        .order_by("-started_at")
        .first()
    )


def checklist(report: Any, user: Any) -> list[dict[str, Any]]:
    """The runs of a report, main run first, with what this person may do on each step."""
    runs = list(
        SOPRun.objects.filter(report=report)
        .select_related("version", "version__sop", "parent_step")
        .order_by("started_at", "id")
    )
    result = []
    for run in runs:
        steps = []
        for step_run in _steps(run):
            step = step_run.step
            is_open = step_run.state == StepState.OPEN
            manual = step.kind not in StepKind.automatic() and step.kind != StepKind.SUB_SOP
            steps.append(
                {
                    "run": run,
                    "item": step_run,
                    "step": step,
                    "instructions_html": render_markdown(step.instructions)
                    if step.instructions
                    else "",
                    "owner_label": Role(step.owner_role).label,
                    "can_complete": is_open and manual and may_complete(user, step, report),
                    "can_skip": is_open
                    and manual
                    and (
                        user.is_supervisor
                        or (not step.required and may_complete(user, step, report))
                    ),
                }
            )
        result.append({"run": run, "steps": steps, "is_child": run.parent_step_id is not None})
    return result
