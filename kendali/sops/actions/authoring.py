"""SOP authoring: draft → review → approval → publication → retirement.

Only drafts change; a version is approved by a supervisor or admin who is not its author; one
version per SOP is published at a time; a published version never changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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
from kendali.notify.actions import notify_users
from kendali.notify.choices import NotificationKind
from kendali.notify.models import Notification
from kendali.sla.models import Calendar
from kendali.sops.access import may_author, may_own_steps, may_review
from kendali.sops.choices import Evidence, StepKind, VersionStatus
from kendali.sops.models import SOP, SOPVersion, Step

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
        elif not may_own_steps(spec.owner_role):
            errors[f"{where}.owner_role"] = _read_only_owner(order, spec.owner_role)
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


def _read_only_owner(order: int, role: str) -> str:
    return _(
        "Langkah %(n)d: peran %(role)s hanya membaca dan tidak mengubah apa pun, jadi tidak "
        "bisa mengerjakan langkah. Pilih peran lain sebagai penanggung jawab."
    ) % {"n": order, "role": Role(role).label}


def _ensure_no_read_only_owners(version: SOPVersion) -> None:
    """Refuse a version with a step owned by a read-only role (drafts saved before the rule,
    or rows written by hand): nobody could carry that step out."""
    steps = [s for s in version.steps.order_by("order") if not may_own_steps(s.owner_role)]
    if steps:
        raise Invalid(
            _(
                "Langkah %(steps)s dipegang peran hanya-baca (eksekutif atau auditor), yang "
                "tidak bisa mengerjakan langkah. Ubah penanggung jawabnya dulu."
            )
            % {"steps": ", ".join(str(step.order) for step in steps)},
            {
                f"steps.{step.order}.owner_role": _read_only_owner(step.order, step.owner_role)
                for step in steps
            },
        )


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
        _ensure_no_read_only_owners(version)
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
        _ensure_no_read_only_owners(version)
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
        _ensure_no_read_only_owners(version)
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
