"""SOPs: authoring (draft → review → approval → publication → retirement) and runs on reports.

Authoring rules: only drafts change; a version is approved by a supervisor or admin who is not
its author; one version per SOP is published at a time; a published version never changes.
Run rules: a run keeps the version it started with; a step is completed by its owner role (or
the role above it), in order when the version enforces order, with the evidence it asks for;
a report cannot be resolved while required steps are open unless a supervisor overrides with
a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
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
from kendali.notify.models import Notification, WebhookEndpoint
from kendali.reports.actions import add_system_note
from kendali.reports.links import console_url
from kendali.sla.models import Calendar
from kendali.sla.schedules import schedule_for
from kendali.sops.access import may_author, may_complete, may_review
from kendali.sops.choices import Evidence, StepKind, StepState, VersionStatus
from kendali.sops.models import SOP, SOPRun, SOPVersion, Step, StepRun

MAX_STEPS = 50


# ---------------------------------------------------------------------------------------------
# Authoring


@dataclass
class StepSpec:
    """One step as an author writes it; ``order`` comes from its position (1-based)."""

    title: str
    instructions: str = ""
    owner_role: str = Role.OPERATOR
    time_limit_minutes: int | None = None
    required: bool = True
    evidence: str = Evidence.NONE
    kind: str = StepKind.MANUAL
    yes_step: int | None = None
    no_step: int | None = None
    notify_roles: list[str] = field(default_factory=list)
    message: str = ""
    webhook_url: str = ""
    sub_sop: str = ""  # code of another SOP


def _ensure_author(actor: Any) -> None:
    if not may_author(actor):
        raise NotAllowed(_("Hanya operator, supervisor atau admin yang menyusun SOP."))


def _ensure_supervisor(actor: Any) -> None:
    if not may_review(actor):
        raise NotAllowed(_("Hanya supervisor atau admin yang boleh melakukan ini."))


def _snapshot(version: SOPVersion) -> dict[str, Any]:
    return {"sop": version.sop.code, "version": version.number, "status": version.status}


def create_sop(
    actor: Any,
    *,
    code: str,
    title: str,
    purpose: str = "",
    legal_basis: str = "",
    category_codes: Sequence[str] = (),
    priorities: Sequence[str] = (),
) -> SOP:
    from kendali.reports.models import Category

    _ensure_author(actor)
    errors: dict[str, str] = {}
    if not code or SOP.objects.filter(code=code).exists():
        errors["code"] = _("Kode kosong atau sudah dipakai.")
    if not title.strip():
        errors["title"] = _("Judul wajib diisi.")
    categories = list(Category.objects.filter(code__in=category_codes))
    if len(categories) != len(set(category_codes)):
        errors["categories"] = _("Ada kategori yang tidak dikenal.")
    if errors:
        raise Invalid(_("SOP belum bisa dibuat."), errors)
    with transaction.atomic():
        sop = SOP.objects.create(
            code=code,
            # The console writes Indonesian whatever its own language; the translations are
            # edited in the admin.
            title_ind=title.strip(),
            purpose_ind=purpose,
            legal_basis=legal_basis,
            priorities=list(priorities),
        )
        sop.categories.set(categories)
        SOPVersion.objects.create(sop=sop, number=1, author=actor)
        record(actor=actor, action="sop.create", obj=sop, after={"code": code})
    return sop


def new_draft(sop: SOP, actor: Any, *, change_note: str = "") -> SOPVersion:
    """Start a new draft from the latest version's steps (there is at most one draft)."""
    _ensure_author(actor)
    with transaction.atomic():
        existing = sop.versions.filter(status=VersionStatus.DRAFT).first()
        if existing:
            return existing
        latest = sop.versions.order_by("-number").first()
        number = (sop.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        draft = SOPVersion.objects.create(
            sop=sop,
            number=number,
            author=actor,
            change_note=change_note,
            enforce_order=latest.enforce_order if latest else True,
            calendar=latest.calendar if latest else None,
            ladder=latest.ladder if latest else None,
        )
        if latest:
            for step in latest.steps.all():
                step.pk = None
                step.version = draft
                step.save()
        record(actor=actor, action="sop.draft", obj=draft, after=_snapshot(draft))
    return draft


def validate_steps(specs: Sequence[StepSpec], sop: SOP) -> dict[str, str]:
    """Problems with a list of steps, keyed `steps.N.field` (N is the 1-based order)."""
    errors: dict[str, str] = {}
    if not specs:
        errors["steps"] = _("SOP harus punya paling sedikit satu langkah.")
        return errors
    if len(specs) > MAX_STEPS:
        errors["steps"] = _("Paling banyak %(max)d langkah.") % {"max": MAX_STEPS}
        return errors
    count = len(specs)
    for order, spec in enumerate(specs, start=1):
        where = f"steps.{order}"
        if not spec.title.strip():
            errors[f"{where}.title"] = _("Langkah %(n)d: judul wajib diisi.") % {"n": order}
        if spec.owner_role not in Role.values:
            errors[f"{where}.owner_role"] = _("Langkah %(n)d: peran tidak dikenal.") % {"n": order}
        if spec.evidence not in Evidence.values:
            errors[f"{where}.evidence"] = _("Langkah %(n)d: jenis bukti tidak dikenal.") % {
                "n": order
            }
        if spec.kind not in StepKind.values:
            errors[f"{where}.kind"] = _("Langkah %(n)d: jenis langkah tidak dikenal.") % {
                "n": order
            }
        if spec.time_limit_minutes is not None and spec.time_limit_minutes <= 0:
            errors[f"{where}.time_limit_minutes"] = _(
                "Langkah %(n)d: batas waktu harus lebih dari nol."
            ) % {"n": order}
        if spec.kind == StepKind.DECISION:
            for branch, target in (("yes_step", spec.yes_step), ("no_step", spec.no_step)):
                if target is None:
                    errors[f"{where}.{branch}"] = _(
                        "Langkah %(n)d: keputusan harus menunjuk langkah berikutnya "
                        "untuk ya dan tidak."
                    ) % {"n": order}
                elif target <= order:
                    errors[f"{where}.{branch}"] = _(
                        "Langkah %(n)d: cabang ke langkah %(target)d kembali ke belakang "
                        "(membuat putaran)."
                    ) % {"n": order, "target": target}
                elif target > count:
                    errors[f"{where}.{branch}"] = _(
                        "Langkah %(n)d: cabang ke langkah %(target)d yang tidak ada."
                    ) % {"n": order, "target": target}
        elif spec.yes_step is not None or spec.no_step is not None:
            errors[f"{where}.kind"] = _(
                "Langkah %(n)d: hanya langkah keputusan yang bercabang."
            ) % {"n": order}
        if spec.kind == StepKind.NOTIFY and (
            not spec.notify_roles or any(r not in Role.values for r in spec.notify_roles)
        ):
            errors[f"{where}.notify_roles"] = _("Langkah %(n)d: pilih peran yang diberi tahu.") % {
                "n": order
            }
        if spec.kind == StepKind.WEBHOOK and not spec.webhook_url.startswith(
            ("http://", "https://")
        ):
            errors[f"{where}.webhook_url"] = _("Langkah %(n)d: isi URL webhook (http/https).") % {
                "n": order
            }
        if spec.kind == StepKind.SUB_SOP:
            problem = _sub_sop_problem(spec.sub_sop, sop)
            if problem:
                errors[f"{where}.sub_sop"] = _("Langkah %(n)d: %(problem)s") % {
                    "n": order,
                    "problem": problem,
                }
    return errors


def _sub_sop_problem(code: str, sop: SOP) -> str:
    child = SOP.objects.filter(code=code).first()
    if child is None:
        return str(_("SOP yang dijalankan tidak ditemukan."))
    if child.pk == sop.pk:
        return str(_("SOP tidak boleh menjalankan dirinya sendiri."))
    if child.published is None:
        return str(_("SOP yang dijalankan belum berlaku."))
    # Follow the published versions' sub-SOP steps: reaching this SOP again is a cycle.
    seen, frontier = {child.pk}, [child]
    while frontier:
        current = frontier.pop()
        version = current.published
        if version is None:
            continue
        for step in version.steps.filter(kind=StepKind.SUB_SOP).select_related("sub_sop"):
            nested = step.sub_sop
            if nested is None:
                continue
            if nested.pk == sop.pk:
                return str(_("SOP yang dijalankan akan kembali menjalankan SOP ini (putaran)."))
            if nested.pk not in seen:
                seen.add(nested.pk)
                frontier.append(nested)
    return ""


def save_steps(version: SOPVersion, actor: Any, specs: Sequence[StepSpec]) -> list[Step]:
    """Replace a draft's steps after checking the whole graph; nothing is saved on a problem."""
    _ensure_author(actor)
    with transaction.atomic():
        version = SOPVersion.objects.select_for_update().select_related("sop").get(pk=version.pk)
        if not version.is_editable:
            raise WrongState(
                _("Versi %(number)d berstatus %(status)s dan tidak bisa diubah; buat draf baru.")
                % {"number": version.number, "status": version.get_status_display()}
            )
        errors = validate_steps(specs, version.sop)
        if errors:
            raise Invalid(_("Langkah SOP belum benar."), errors)
        version.steps.all().delete()
        steps = []
        for order, spec in enumerate(specs, start=1):
            sub_sop = SOP.objects.get(code=spec.sub_sop) if spec.kind == StepKind.SUB_SOP else None
            steps.append(
                Step.objects.create(
                    version=version,
                    order=order,
                    title_ind=spec.title.strip(),
                    instructions_ind=spec.instructions,
                    owner_role=spec.owner_role,
                    time_limit_minutes=spec.time_limit_minutes,
                    required=spec.required,
                    evidence=spec.evidence,
                    kind=spec.kind,
                    yes_step=spec.yes_step,
                    no_step=spec.no_step,
                    notify_roles=list(spec.notify_roles),
                    message=spec.message,
                    webhook_url=spec.webhook_url,
                    sub_sop=sub_sop,
                )
            )
        record(
            actor=actor,
            action="sop.steps",
            obj=version,
            after=_snapshot(version) | {"steps": len(steps)},
        )
    return steps


def update_settings(
    version: SOPVersion,
    actor: Any,
    *,
    change_note: str,
    enforce_order: bool,
    calendar: Calendar | None,
) -> SOPVersion:
    _ensure_author(actor)
    with transaction.atomic():
        version = SOPVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_editable:
            raise WrongState(_("Hanya draf yang bisa diubah."))
        version.change_note = change_note
        version.enforce_order = enforce_order
        version.calendar = calendar
        version.save(update_fields=["change_note", "enforce_order", "calendar"])
        record(actor=actor, action="sop.settings", obj=version, after=_snapshot(version))
    return version


def _move_version(
    version: SOPVersion, actor: Any, *, allowed: str, to: str, action: str, **changes: Any
) -> SOPVersion:
    version = SOPVersion.objects.select_for_update().select_related("sop").get(pk=version.pk)
    if version.status != allowed:
        raise WrongState(
            _(
                "Versi ini berstatus %(status)s; tindakan ini hanya untuk versi "
                "berstatus %(allowed)s."
            )
            % {"status": version.get_status_display(), "allowed": VersionStatus(allowed).label}
        )
    before = _snapshot(version)
    version.status = to
    for name, value in changes.items():
        setattr(version, name, value)
    version.save()
    record(
        actor=actor, action=f"sop.{action}", obj=version, before=before, after=_snapshot(version)
    )
    return version


def submit_for_review(version: SOPVersion, actor: Any) -> SOPVersion:
    _ensure_author(actor)
    with transaction.atomic():
        if not version.steps.exists():
            raise Invalid(
                _("SOP harus punya paling sedikit satu langkah."),
                {"steps": _("Tambahkan langkah.")},
            )
        version = _move_version(
            version,
            actor,
            allowed=VersionStatus.DRAFT,
            to=VersionStatus.IN_REVIEW,
            action="submit",
            submitted_at=timezone.now(),
        )
        from kendali.agencies.models import User

        reviewers = User.objects.filter(
            role__in=[Role.SUPERVISOR, Role.ADMIN], is_active=True
        ).exclude(pk=version.author_id)
        notify_users(
            reviewers,
            kind=NotificationKind.SOP_REVIEW,
            title=_review_title(version),
            url=reverse("sops-console:detail", args=[version.sop.code]),
        )
    return version


def _review_title(version: SOPVersion) -> str:
    with override("id"):
        return _("SOP %(code)s v%(number)d menunggu persetujuan") % {
            "code": version.sop.code,
            "number": version.number,
        }


def _review_done(version: SOPVersion) -> None:
    """Once one reviewer has decided, the others' "waiting for approval" bells go quiet."""
    Notification.objects.filter(
        kind=NotificationKind.SOP_REVIEW, title=_review_title(version), read_at__isnull=True
    ).update(read_at=timezone.now())


def request_changes(version: SOPVersion, actor: Any, *, reason: str) -> SOPVersion:
    _ensure_supervisor(actor)
    if not reason.strip():
        message = _("Tuliskan apa yang perlu diubah.")
        raise Invalid(message, {"reason": message})
    with transaction.atomic():
        _review_done(version)
        return _move_version(
            version,
            actor,
            allowed=VersionStatus.IN_REVIEW,
            to=VersionStatus.DRAFT,
            action="changes_requested",
            change_note=_with_review_note(version.change_note, reason),
        )


def _with_review_note(change_note: str, reason: str) -> str:
    with override("id"):
        label = _("Catatan peninjau")
    return f"{change_note}\n\n{label}: {reason.strip()}".strip()


def approve(version: SOPVersion, actor: Any) -> SOPVersion:
    _ensure_supervisor(actor)
    if version.author_id == actor.pk:
        raise NotAllowed(_("Penyusun tidak boleh menyetujui SOP yang disusunnya sendiri."))
    with transaction.atomic():
        _review_done(version)
        return _move_version(
            version,
            actor,
            allowed=VersionStatus.IN_REVIEW,
            to=VersionStatus.APPROVED,
            action="approve",
            approved_by=actor,
            approved_at=timezone.now(),
        )


def publish(version: SOPVersion, actor: Any) -> SOPVersion:
    """Make an approved version the one in force; the previous published version retires.
    Runs already started keep their version."""
    _ensure_supervisor(actor)
    with transaction.atomic():
        now = timezone.now()
        for current in SOPVersion.objects.select_for_update().filter(
            sop_id=version.sop_id, status=VersionStatus.PUBLISHED
        ):
            _move_version(
                current,
                actor,
                allowed=VersionStatus.PUBLISHED,
                to=VersionStatus.RETIRED,
                action="retire",
                retired_at=now,
            )
        return _move_version(
            version,
            actor,
            allowed=VersionStatus.APPROVED,
            to=VersionStatus.PUBLISHED,
            action="publish",
            published_by=actor,
            published_at=now,
        )


def retire(version: SOPVersion, actor: Any) -> SOPVersion:
    _ensure_supervisor(actor)
    with transaction.atomic():
        return _move_version(
            version,
            actor,
            allowed=VersionStatus.PUBLISHED,
            to=VersionStatus.RETIRED,
            action="retire",
            retired_at=timezone.now(),
        )


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
