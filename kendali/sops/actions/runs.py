"""SOP runs on reports.

A run keeps the version it started with; a step is completed by its owner role (or the role
above it), in order when the version enforces order, with the evidence it asks for; a report
cannot be resolved while required steps are open unless a supervisor overrides with a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kendali.agencies.choices import Role
from kendali.audit.actions import record
from kendali.lib.errors import Invalid, NotAllowed, WrongState
from kendali.lib.images import CleanImage
from kendali.lib.worktime import add_working
from kendali.notify.actions import enqueue_webhooks, notify_users
from kendali.notify.choices import NotificationKind
from kendali.notify.models import WebhookEndpoint
from kendali.reports.actions import add_system_note
from kendali.reports.links import console_url
from kendali.sla.models import Calendar
from kendali.sla.schedules import schedule_for
from kendali.sops.access import may_complete
from kendali.sops.choices import Evidence, StepKind, StepState, VersionStatus
from kendali.sops.models import SOPRun, SOPVersion, Step, StepRun

# ---------------------------------------------------------------------------------------------
# Runs


def sop_for(report: Any) -> SOPVersion | None:
    """The published version that applies to the report's category and priority."""
    candidates = (
        SOPVersion.objects.filter(
            status=VersionStatus.PUBLISHED, sop__categories=report.category_id
        )
        .select_related("sop", "calendar")
        .order_by("sop__code")
    )
    for version in candidates:
        if not version.sop.priorities or report.priority in version.sop.priorities:
            return version
    return None


def _default_calendar() -> Calendar | None:
    return Calendar.objects.filter(always_open=False).order_by("id").first()


def _due_times(version: SOPVersion, started_at: datetime) -> dict[int, datetime | None]:
    """Each step's deadline: the sum of the time limits up to it, on the version's calendar."""
    calendar = version.calendar or _default_calendar()
    total = timedelta(0)
    due: dict[int, datetime | None] = {}
    for step in version.steps.all():
        if step.time_limit_minutes is None:
            due[step.order] = None
            continue
        total += timedelta(minutes=step.time_limit_minutes)
        due[step.order] = (
            add_working(schedule_for(calendar), started_at, total)
            if calendar
            else started_at + total
        )
    return due


def start_run(
    report: Any, now: datetime, *, version: SOPVersion | None = None, parent: StepRun | None = None
) -> SOPRun | None:
    """Attach the SOP in force to a report (on verification) and carry out its first steps."""
    version = version or sop_for(report)
    if version is None:
        return None
    run = SOPRun.objects.create(report=report, version=version, parent_step=parent, started_at=now)
    due = _due_times(version, now)
    StepRun.objects.bulk_create(
        StepRun(run=run, step=step, order=step.order, due_at=due[step.order])
        for step in version.steps.all()
    )
    record(
        actor=None,
        action="sop.run.start",
        obj=report,
        after={"sop": version.sop.code, "version": version.number},
        source="system",
    )
    _advance(run, now)
    return run


def _locked_step(report: Any, order: int, run_id: int | None = None) -> StepRun:
    runs = SOPRun.objects.filter(report=report)
    if run_id is not None:
        runs = runs.filter(pk=run_id)
    step_run = (
        StepRun.objects.select_for_update(of=("self",))
        .select_related("step", "run", "run__version")
        .filter(run__in=runs, order=order)
        .order_by("-run__started_at")
        .first()
    )
    if step_run is None:
        message = _("Langkah SOP %(order)d tidak ada pada laporan ini.") % {"order": order}
        raise Invalid(message, {"step": message})
    return step_run


def complete_step(
    report: Any,
    actor: Any,
    order: int,
    *,
    note: str = "",
    decision: str = "",
    photos: Sequence[CleanImage] = (),
    run_id: int | None = None,
    source: str = "web",
) -> StepRun:
    """Complete one step with its evidence; a decision skips the branch not taken."""
    from kendali.reports.choices import UpdateKind
    from kendali.reports.models import Update
    from kendali.reports.photos import attach_photos, remove_files

    note = (note or "").strip()
    written: list[str] = []
    try:
        with transaction.atomic():
            step_run = _locked_step(report, order, run_id)
            step = step_run.step
            if step_run.state != StepState.OPEN:
                raise WrongState(
                    _("Langkah %(order)d sudah %(state)s.")
                    % {"order": order, "state": step_run.get_state_display()}
                )
            if step.kind in StepKind.automatic() or step.kind == StepKind.SUB_SOP:
                raise WrongState(_("Langkah ini dijalankan oleh sistem."))
            if not may_complete(actor, step, report):
                raise NotAllowed(
                    _("Langkah ini tanggung jawab peran %(role)s.")
                    % {"role": Role(step.owner_role).label}
                )
            if step_run.run.version.enforce_order:
                waiting = _open_required_before(step_run)
                if waiting:
                    raise WrongState(
                        _("Selesaikan dulu langkah wajib sebelumnya: %(steps)s.")
                        % {"steps": ", ".join(str(s.order) for s in waiting)}
                    )
            if step.kind == StepKind.DECISION and decision not in {"yes", "no"}:
                message = _("Pilih keputusan: ya atau tidak.")
                raise Invalid(message, {"decision": message})
            if step.evidence == Evidence.NOTE and not note:
                message = _("Langkah ini memerlukan catatan sebagai bukti.")
                raise Invalid(message, {"note": message})
            if step.evidence == Evidence.PHOTO and not photos:
                message = _("Langkah ini memerlukan foto sebagai bukti.")
                raise Invalid(message, {"photos": message})
            now = timezone.now()
            update = Update.objects.create(
                report=report,
                kind=UpdateKind.SYSTEM,
                body=_step_note(step, note, decision),
                is_public=False,
                author=actor,
                agency=actor.agency if actor.is_agency_staff else None,
                created_at=now,
            )
            attach_photos(report, update, photos, actor=actor, public=False, written=written)
            step_run.state = StepState.DONE
            step_run.completed_at = now
            step_run.actor = actor
            step_run.note = note
            step_run.decision = decision if step.kind == StepKind.DECISION else ""
            step_run.evidence = update.attachments.first() if photos else None
            step_run.next_escalation_at = None
            step_run.save()
            if step.kind == StepKind.DECISION:
                _take_branch(step_run, decision, now)
            record(
                actor=actor,
                action="sop.step.complete",
                obj=report,
                after={"step": order, "decision": decision or None, "photos": len(photos)},
                source=source,
            )
            _advance(step_run.run, now)
            _publish(report, "sop.step")
            return step_run
    except BaseException:
        remove_files(written)
        raise


def skip_step(
    report: Any,
    actor: Any,
    order: int,
    *,
    reason: str,
    run_id: int | None = None,
    source: str = "web",
) -> StepRun:
    """Skip a step with a reason: its owner for optional steps, a supervisor for required ones."""

    reason = (reason or "").strip()
    if not reason:
        message = _("Tuliskan alasan melewati langkah ini.")
        raise Invalid(message, {"reason": message})
    with transaction.atomic():
        step_run = _locked_step(report, order, run_id)
        step = step_run.step
        if step_run.state != StepState.OPEN:
            raise WrongState(
                _("Langkah %(order)d sudah %(state)s.")
                % {"order": order, "state": step_run.get_state_display()}
            )
        if step.required and not actor.is_supervisor:
            raise NotAllowed(_("Langkah wajib hanya boleh dilewati oleh supervisor."))
        if not step.required and not (may_complete(actor, step, report) or actor.is_supervisor):
            raise NotAllowed(
                _("Langkah ini tanggung jawab peran %(role)s.")
                % {"role": Role(step.owner_role).label}
            )
        now = timezone.now()
        step_run.state = StepState.SKIPPED
        step_run.completed_at = now
        step_run.actor = actor
        step_run.skip_reason = reason
        step_run.next_escalation_at = None
        step_run.save()
        with override("id"):
            body = _("Langkah SOP %(order)d (%(title)s) dilewati: %(reason)s") % {
                "order": order,
                "title": step.title,
                "reason": reason,
            }
        add_system_note(
            report,
            body,
            at=now,
            actor=actor,
            audit_action="sop.step.skip",
            audit_after={"step": order, "reason": reason},
            source=source,
        )
        _advance(step_run.run, now)
        _publish(report, "sop.step")
        return step_run


def _step_note(step: Step, note: str, decision: str) -> str:
    with override("id"):
        text = _("Langkah SOP %(order)d selesai: %(title)s") % {
            "order": step.order,
            "title": step.title,
        }
        if decision:
            text += " — " + (_("keputusan: ya") if decision == "yes" else _("keputusan: tidak"))
    return f"{text}\n{note}".strip()


def _open_required_before(step_run: StepRun) -> list[StepRun]:
    return list(
        StepRun.objects.filter(
            run_id=step_run.run_id,
            order__lt=step_run.order,
            state=StepState.OPEN,
            step__required=True,
        ).order_by("order")
    )


def _take_branch(step_run: StepRun, decision: str, now: datetime) -> None:
    """Jump to the chosen branch: the steps between the decision and its target are skipped."""
    step = step_run.step
    target = step.yes_step if decision == "yes" else step.no_step
    if target is None:
        return
    with override("id"):
        reason = _("Cabang lain dari keputusan pada langkah %(order)d") % {"order": step.order}
    StepRun.objects.filter(
        run_id=step_run.run_id, order__gt=step.order, order__lt=target, state=StepState.OPEN
    ).update(state=StepState.SKIPPED, completed_at=now, skip_reason=reason, next_escalation_at=None)


def _advance(run: SOPRun, now: datetime) -> None:
    """Carry out the system steps whose turn has come, then close the run if nothing is open."""
    while True:
        step_runs = list(run.steps.select_related("step").order_by("order"))
        current = next((s for s in step_runs if s.state == StepState.OPEN), None)
        if current is None:
            _complete_run(run, now)
            return
        step = current.step
        if step.kind in StepKind.automatic():
            _run_system_step(run, current, now)
            continue
        if step.kind == StepKind.SUB_SOP and not hasattr(current, "child_run"):
            child_version = step.sub_sop.published if step.sub_sop else None
            if child_version is None:
                return
            start_run(run.report, now, version=child_version, parent=current)
        return


def _run_system_step(run: SOPRun, step_run: StepRun, now: datetime) -> None:
    from kendali.agencies.models import User

    step = step_run.step
    report = run.report
    if step.kind == StepKind.NOTIFY:
        people = User.objects.filter(role__in=step.notify_roles, is_active=True)
        agency_roles = {Role.AGENCY_ADMIN, Role.AGENCY_OFFICER}
        if set(step.notify_roles) & agency_roles:
            people = people.exclude(role__in=agency_roles) | User.objects.filter(
                role__in=set(step.notify_roles) & agency_roles,
                agency=report.agency,
                is_active=True,
            )
        notify_users(
            people,
            kind=NotificationKind.STEP_DUE,
            title=f"{report.ticket}: {step.message or step.title}"[:200],
            url=console_url(report),
            report=report,
        )
    elif step.kind == StepKind.WEBHOOK:
        event = f"sop.{run.version.sop.code}.{step.order}"
        WebhookEndpoint.objects.get_or_create(
            url=step.webhook_url,
            events=[event],
            defaults={"name": f"SOP {run.version.sop.code} langkah {step.order}"[:120]},
        )
        enqueue_webhooks(
            event,
            {
                "ticket": report.ticket,
                "sop": run.version.sop.code,
                "step": step.order,
                "title": step.title,
            },
            key=f"sop-step:{step_run.pk}",
            agency_id=None,
        )
    step_run.state = StepState.DONE
    step_run.completed_at = now
    step_run.save(update_fields=["state", "completed_at"])


def _complete_run(run: SOPRun, now: datetime) -> None:
    if run.completed_at is not None:
        return
    run.completed_at = now
    run.save(update_fields=["completed_at"])
    parent = run.parent_step
    if parent is not None and parent.state == StepState.OPEN:
        parent.state = StepState.DONE
        parent.completed_at = now
        parent.save(update_fields=["state", "completed_at"])
        _advance(parent.run, now)


def _publish(report: Any, action: str) -> None:
    from kendali.lib.broker import publish_on_commit

    publish_on_commit(
        "report.changed",
        {"ticket": report.ticket, "action": action, "status": report.status},
        [report.agency_id],
    )


def open_required_steps(report: Any) -> list[StepRun]:
    return list(
        StepRun.objects.filter(
            run__report=report,
            run__override_at__isnull=True,
            state=StepState.OPEN,
            step__required=True,
        )
        .select_related("step")
        .order_by("run_id", "order")
    )


def check_resolvable(report: Any, actor: Any, override_reason: str, now: datetime) -> None:
    """Called by resolve_report: refuse while required steps are open, unless a supervisor
    overrides with a reason (recorded on the run, the timeline and the audit log)."""

    waiting = open_required_steps(report)
    if not waiting:
        return
    reason = (override_reason or "").strip()
    if not reason:
        raise WrongState(
            _(
                "Langkah SOP wajib belum selesai: %(steps)s. "
                "Supervisor dapat melewatinya dengan alasan."
            )
            % {"steps": ", ".join(f"{s.order}. {s.step.title}" for s in waiting)}
        )
    if not actor.is_supervisor:
        raise NotAllowed(
            _("Hanya supervisor yang boleh menyelesaikan laporan dengan melewati SOP.")
        )
    SOPRun.objects.filter(report=report, override_at__isnull=True).update(
        override_by=actor, override_at=now, override_reason=reason
    )
    with override("id"):
        body = _(
            "Supervisor menyelesaikan laporan tanpa menunggu langkah SOP %(steps)s: %(reason)s"
        ) % {
            "steps": ", ".join(str(s.order) for s in waiting),
            "reason": reason,
        }
    add_system_note(
        report,
        body,
        at=now,
        actor=actor,
        audit_action="sop.override",
        audit_after={"open_steps": [s.order for s in waiting], "reason": reason},
    )
