"""Everything that changes a report. Nothing else assigns ``report.status``.

Each action runs in one transaction: it re-reads the report under a row lock, checks that the
person may act and that the status allows it, writes the transition row, the timeline update and
the audit row, announces the change through the lifecycle hooks (`kendali/reports/hooks.py`:
SLA clocks, SOP runs, vehicles and notifications listen there), and publishes the live event once
the transaction has committed. New reports come in through `create_report` (`intake.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kendali.agencies.models import Agency, User
from kendali.audit.actions import record
from kendali.lib.broker import publish_on_commit
from kendali.lib.errors import Invalid, NotFound, WrongState
from kendali.lib.images import CleanImage
from kendali.reports import hooks
from kendali.reports.access import ensure_can
from kendali.reports.choices import Priority, ReportStatus, UpdateKind
from kendali.reports.events import event_data
from kendali.reports.intake import (
    FALLBACK_CITY_RADIUS_M,
    NewReport,
    check_new_report,
    create_report,
    suggest_agency,
)
from kendali.reports.models import NOTE_MAX, Report, Transition, Update
from kendali.reports.photos import attach_photos, remove_files

__all__ = [
    "ALLOWED_FROM",
    "FALLBACK_CITY_RADIUS_M",
    "PERFORM",
    "WITH_PHOTOS",
    "NewReport",
    "add_system_note",
    "add_update",
    "allowed_actions",
    "attach_photos",
    "change_priority",
    "check_new_report",
    "close_report",
    "create_report",
    "dispose_report",
    "hold_report",
    "mark_duplicate",
    "perform",
    "reject_report",
    "remove_files",
    "reopen_report",
    "resolve_report",
    "resume_report",
    "return_report",
    "set_description_public",
    "start_work",
    "suggest_agency",
    "verify_report",
]

S = ReportStatus

# ---------------------------------------------------------------------------------------------
# The lifecycle (DESIGN.md §3)

# action → statuses it may start from
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "verify": (S.SUBMITTED,),
    "hold": (S.SUBMITTED, S.VERIFIED, S.DISPOSITIONED, S.IN_PROGRESS),
    "resume": (S.ON_HOLD,),
    "reject": (S.SUBMITTED, S.VERIFIED, S.ON_HOLD),
    "duplicate": (S.SUBMITTED, S.VERIFIED, S.ON_HOLD),
    "dispose": (S.VERIFIED, S.DISPOSITIONED),
    "start": (S.DISPOSITIONED,),
    "resolve": (S.DISPOSITIONED, S.IN_PROGRESS),
    "return": (S.DISPOSITIONED, S.IN_PROGRESS),
    "close": (S.RESOLVED,),
    "reopen": (S.RESOLVED, S.CLOSED),
    "priority": (S.SUBMITTED, S.VERIFIED, S.DISPOSITIONED, S.IN_PROGRESS, S.ON_HOLD),
    "update": tuple(S.values),
}


def allowed_actions(report: Report) -> list[str]:
    return [action for action, sources in ALLOWED_FROM.items() if report.status in sources]


def _lock(report: Report, actor: User, action: str) -> Report:
    """Re-read the report under a row lock and check the person and the status."""
    locked = (
        Report.objects.select_for_update(of=("self",))
        .select_related("category", "agency", "area")
        .get(pk=report.pk)
    )
    ensure_can(actor, action, locked)
    if locked.status not in ALLOWED_FROM[action]:
        allowed = ", ".join(str(S(value).label) for value in ALLOWED_FROM[action])
        raise WrongState(
            _(
                "Laporan %(ticket)s berstatus %(status)s; tindakan ini hanya untuk laporan "
                "berstatus: %(allowed)s."
            )
            % {"ticket": locked.ticket, "status": locked.get_status_display(), "allowed": allowed}
        )
    return locked


def _require(text: str, field: str, message: str, limit: int = NOTE_MAX) -> str:
    value = (text or "").strip()
    if not value:
        raise Invalid(message, {field: message})
    if len(value) > limit:
        too_long = _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": limit}
        raise Invalid(too_long, {field: too_long})
    return value


def _optional(text: str, field: str = "note", limit: int = NOTE_MAX) -> str:
    value = (text or "").strip()
    if len(value) > limit:
        too_long = _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": limit}
        raise Invalid(too_long, {field: too_long})
    return value


def _move(
    report: Report,
    *,
    actor: User,
    action: str,
    to_status: str,
    reason: str = "",
    public_note: str = "",
    internal_note: str = "",
    photos: Sequence[CleanImage] = (),
    written: list[str] | None = None,
    source: str = "web",
    **changes: Any,
) -> Report:
    """Apply a status change to a locked report: fields, transition, timeline, audit, event."""
    before = report.snapshot()
    previous_agency = report.agency_id
    from_status = report.status
    now = timezone.now()
    report.status = to_status
    report.updated_at = now
    for field, value in changes.items():
        setattr(report, field, value)
    report.save()
    transition = Transition.objects.create(
        report=report,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        agency=report.agency,
        reason=reason,
        created_at=now,
    )
    status_update = Update.objects.create(
        report=report,
        kind=UpdateKind.STATUS,
        status=to_status,
        body=public_note,
        is_public=True,
        author=actor,
        agency=report.agency,
        created_at=now,
    )
    if photos:
        attach_photos(
            report, status_update, photos, actor=actor, public=True, written=written or []
        )
    if internal_note:
        Update.objects.create(
            report=report,
            kind=UpdateKind.NOTE,
            body=internal_note,
            is_public=False,
            author=actor,
            agency=actor.agency if actor.is_agency_staff else None,
            created_at=now,
        )
    record(
        actor=actor,
        action=f"report.{action}",
        obj=report,
        before=before,
        after=report.snapshot() | ({"reason": reason} if reason else {}),
        source=source,
    )
    data = event_data(report, action)
    hooks.report_transitioned(
        hooks.ReportEvent(
            report=report,
            actor=actor,
            action=action,
            at=now,
            source=source,
            transition=transition,
            from_status=from_status,
            previous_agency_id=previous_agency,
            public_note=public_note,
            data=data,
        )
    )
    publish_on_commit("report.changed", data, [previous_agency, report.agency_id])
    return report


def verify_report(report: Report, actor: User, *, note: str = "", source: str = "web") -> Report:
    note = _optional(note)
    with transaction.atomic():
        report = _lock(report, actor, "verify")
        return _move(
            report,
            actor=actor,
            action="verify",
            to_status=S.VERIFIED,
            internal_note=note,
            verified_at=timezone.now(),
            source=source,
        )


def hold_report(report: Report, actor: User, *, reason: str, source: str = "web") -> Report:
    """Wait for information from the reporter; the reason is shown on the tracking page."""
    reason = _require(reason, "reason", _("Tuliskan informasi apa yang dibutuhkan dari pelapor."))
    with transaction.atomic():
        report = _lock(report, actor, "hold")
        return _move(
            report,
            actor=actor,
            action="hold",
            to_status=S.ON_HOLD,
            reason=reason,
            public_note=reason,
            held_from=report.status,
            source=source,
        )


def resume_report(report: Report, actor: User, *, note: str = "", source: str = "web") -> Report:
    note = _optional(note)
    with transaction.atomic():
        report = _lock(report, actor, "resume")
        return _move(
            report,
            actor=actor,
            action="resume",
            to_status=report.held_from or S.SUBMITTED,
            public_note=note,
            held_from="",
            source=source,
        )


def reject_report(report: Report, actor: User, *, reason: str, source: str = "web") -> Report:
    reason = _require(reason, "reason", _("Tuliskan alasan penolakan untuk pelapor."))
    with transaction.atomic():
        report = _lock(report, actor, "reject")
        return _move(
            report,
            actor=actor,
            action="reject",
            to_status=S.REJECTED,
            reason=reason,
            public_note=reason,
            held_from="",
            closed_at=timezone.now(),
            source=source,
        )


def mark_duplicate(
    report: Report, actor: User, *, primary_ticket: str, source: str = "web"
) -> Report:
    """Link a report to the one it repeats; the primary carries on, this one stops."""
    from kendali.lib.tickets import normalize_ticket

    code = normalize_ticket(primary_ticket)
    primary = Report.objects.filter(ticket=code).first() if code else None
    if primary is None:
        message = _("Laporan utama tidak ditemukan.")
        raise Invalid(message, {"primary": message})
    # Always link to the root, so chains of duplicates never form.
    while primary.duplicate_of_id is not None:
        primary = Report.objects.get(pk=primary.duplicate_of_id)
    if primary.pk == report.pk:
        message = _("Laporan tidak bisa menjadi duplikat dirinya sendiri.")
        raise Invalid(message, {"primary": message})
    # A confidential report's ticket is never shown to another reporter.
    public_note = (
        _("Masalah yang sama sudah dilaporkan sebelumnya dan sedang ditangani.")
        if primary.is_confidential
        else _("Masalah yang sama sudah dilaporkan dengan tiket %(ticket)s.")
        % {"ticket": primary.ticket}
    )
    with transaction.atomic():
        report = _lock(report, actor, "duplicate")
        moved = _move(
            report,
            actor=actor,
            action="duplicate",
            to_status=S.DUPLICATE,
            reason=primary.ticket,
            public_note=public_note,
            duplicate_of=primary,
            held_from="",
            closed_at=timezone.now(),
            source=source,
        )
        # Reports that repeated this one now repeat its primary: chains never form.
        Report.objects.filter(duplicate_of=report).update(duplicate_of=primary)
        return moved


def dispose_report(
    report: Report, actor: User, *, agency: Agency, note: str = "", source: str = "web"
) -> Report:
    """Send a verified report to the agency that must handle it (disposisi)."""
    note = _optional(note)
    if not agency.is_active:
        message = _("Perangkat daerah ini tidak aktif.")
        raise Invalid(message, {"agency": message})
    with transaction.atomic():
        report = _lock(report, actor, "dispose")
        if report.agency_id == agency.pk and report.status == S.DISPOSITIONED:
            raise WrongState(_("Laporan sudah didisposisikan ke %(agency)s.") % {"agency": agency})
        return _move(
            report,
            actor=actor,
            action="dispose",
            to_status=S.DISPOSITIONED,
            reason=agency.code,
            internal_note=note,
            agency=agency,
            dispositioned_at=timezone.now(),
            source=source,
        )


def start_work(report: Report, actor: User, *, note: str = "", source: str = "web") -> Report:
    note = _optional(note)
    with transaction.atomic():
        report = _lock(report, actor, "start")
        return _move(
            report,
            actor=actor,
            action="start",
            to_status=S.IN_PROGRESS,
            public_note=note,
            source=source,
        )


def resolve_report(
    report: Report,
    actor: User,
    *,
    note: str,
    photos: Sequence[CleanImage] = (),
    override_reason: str = "",
    source: str = "web",
) -> Report:
    """Mark the problem handled, with a note for the citizen and optional photos as evidence.
    Required SOP steps must be done first, unless a supervisor overrides with a reason."""
    note = _require(note, "note", _("Tuliskan apa yang sudah dikerjakan."))
    override_reason = _optional(override_reason, "override_reason")
    written: list[str] = []
    try:
        with transaction.atomic():
            report = _lock(report, actor, "resolve")
            hooks.report_resolving(
                hooks.ResolveCheck(report, actor, override_reason, timezone.now())
            )
            return _move(
                report,
                actor=actor,
                action="resolve",
                to_status=S.RESOLVED,
                public_note=note,
                photos=photos,
                written=written,
                resolved_at=timezone.now(),
                source=source,
            )
    except BaseException:
        remove_files(written)
        raise


def return_report(report: Report, actor: User, *, reason: str, source: str = "web") -> Report:
    """The agency hands a report back to the command center (not its task, wrong place)."""
    reason = _require(reason, "reason", _("Tuliskan mengapa laporan dikembalikan."))
    with transaction.atomic():
        report = _lock(report, actor, "return")
        return _move(
            report,
            actor=actor,
            action="return",
            to_status=S.VERIFIED,
            reason=reason,
            internal_note=reason,
            agency=None,
            source=source,
        )


def close_report(report: Report, actor: User, *, note: str = "", source: str = "web") -> Report:
    note = _optional(note)
    with transaction.atomic():
        report = _lock(report, actor, "close")
        return _move(
            report,
            actor=actor,
            action="close",
            to_status=S.CLOSED,
            public_note=note,
            closed_at=timezone.now(),
            source=source,
        )


def reopen_report(report: Report, actor: User, *, reason: str, source: str = "web") -> Report:
    reason = _require(reason, "reason", _("Tuliskan mengapa laporan dibuka kembali."))
    with transaction.atomic():
        report = _lock(report, actor, "reopen")
        if report.agency_id is None:
            raise WrongState(_("Laporan ini belum pernah didisposisikan."))
        return _move(
            report,
            actor=actor,
            action="reopen",
            to_status=S.IN_PROGRESS,
            reason=reason,
            public_note=reason,
            resolved_at=None,
            closed_at=None,
            source=source,
        )


def change_priority(
    report: Report, actor: User, *, priority: str, reason: str = "", source: str = "web"
) -> Report:
    if priority not in Priority.values:
        message = _("Prioritas tidak dikenal.")
        raise Invalid(message, {"priority": message})
    reason = _optional(reason, "reason")
    with transaction.atomic():
        report = _lock(report, actor, "priority")
        if report.priority == priority:
            return report
        before = report.snapshot()
        report.priority = priority
        report.updated_at = timezone.now()
        report.save(update_fields=["priority", "updated_at"])
        Update.objects.create(
            report=report,
            kind=UpdateKind.PRIORITY,
            body=reason,
            is_public=False,
            author=actor,
            created_at=report.updated_at,
        )
        record(
            actor=actor,
            action="report.priority",
            obj=report,
            before=before,
            after=report.snapshot(),
            source=source,
        )
        data = event_data(report, "priority")
        hooks.report_priority_changed(
            hooks.ReportEvent(
                report=report, actor=actor, action="priority", at=report.updated_at, data=data
            )
        )
        publish_on_commit("report.changed", data, [report.agency_id])
        return report


def add_update(
    report: Report,
    actor: User,
    *,
    body: str,
    is_public: bool,
    photos: Sequence[CleanImage] = (),
    source: str = "web",
) -> Update:
    """Add a note to the timeline: public ones show on the tracking page."""
    body = _require(body, "body", _("Tulis isi tindak lanjut."))
    written: list[str] = []
    try:
        with transaction.atomic():
            report = _lock(report, actor, "update")
            now = timezone.now()
            update = Update.objects.create(
                report=report,
                kind=UpdateKind.NOTE,
                body=body,
                is_public=is_public,
                author=actor,
                agency=actor.agency if actor.is_agency_staff else None,
                created_at=now,
            )
            attach_photos(report, update, photos, actor=actor, public=is_public, written=written)
            Report.objects.filter(pk=report.pk).update(updated_at=now)
            record(
                actor=actor,
                action="report.update",
                obj=report,
                after={"update": update.pk, "public": is_public, "photos": len(photos)},
                source=source,
            )
            data = event_data(report, "update")
            hooks.report_updated(
                hooks.ReportEvent(
                    report=report,
                    actor=actor,
                    action="update",
                    at=now,
                    source=source,
                    update=update,
                    data=data,
                )
            )
            publish_on_commit("report.changed", data, [report.agency_id])
            return update
    except BaseException:
        remove_files(written)
        raise


def add_system_note(
    report: Report,
    body: str,
    *,
    at: Any,
    actor: User | None = None,
    agency: Agency | None = None,
    audit_action: str = "",
    audit_after: dict[str, Any] | None = None,
    source: str = "web",
) -> Update:
    """An internal timeline entry written by Kendali itself (a skipped step, a breached
    deadline, vehicles released), with its audit row when ``audit_action`` names one. Runs in
    the caller's transaction; the status does not change."""
    note = Update.objects.create(
        report=report,
        kind=UpdateKind.SYSTEM,
        body=body,
        is_public=False,
        author=actor,
        agency=agency,
        created_at=at,
    )
    if audit_action:
        record(actor=actor, action=audit_action, obj=report, after=audit_after or {}, source=source)
    return note


def set_description_public(
    report: Report, actor: User, *, public: bool, source: str = "web"
) -> Report:
    """Mark whether the report's free text may be published in open data (the operator has read
    it and found no personal data in it)."""
    with transaction.atomic():
        locked = (
            Report.objects.select_for_update(of=("self",))
            .select_related("category", "agency")
            .get(pk=report.pk)
        )
        ensure_can(actor, "publish_description", locked)
        if locked.description_is_public == public:
            return locked
        before = locked.snapshot()
        locked.description_is_public = public
        locked.updated_at = timezone.now()
        locked.save(update_fields=["description_is_public", "updated_at"])
        record(
            actor=actor,
            action="report.publish_description",
            obj=locked,
            before=before,
            after=locked.snapshot(),
            source=source,
        )
        publish_on_commit(
            "report.changed", event_data(locked, "publish_description"), [locked.agency_id]
        )
        return locked


# ---------------------------------------------------------------------------------------------
# One entry point for every interface (console forms, the API): a named action and its fields.

ActionRunner = Callable[[Report, User, Callable[[str], str], Sequence[CleanImage], str], Any]


def record_reporter_viewed(report: Report, viewer: User, *, source: str = "web") -> None:
    """Audit that ``viewer`` was shown who reported (name, contact): the row names which fields
    were shown, never their values. Nothing is written when there was nothing to show."""
    shown = [
        field
        for field, value in (("name", report.reporter_name), ("contact", report.reporter_contact))
        if value
    ]
    if not shown:
        return
    with transaction.atomic():
        record(
            actor=viewer,
            action="report.reporter_viewed",
            obj=report,
            after={"fields": shown},
            source=source,
        )


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        message = _("Pilih perangkat daerah tujuan.")
        raise Invalid(message, {"agency": message})
    return agency


PERFORM: dict[str, ActionRunner] = {
    "verify": lambda r, u, f, p, s: verify_report(r, u, note=f("note"), source=s),
    "hold": lambda r, u, f, p, s: hold_report(r, u, reason=f("reason"), source=s),
    "resume": lambda r, u, f, p, s: resume_report(r, u, note=f("note"), source=s),
    "reject": lambda r, u, f, p, s: reject_report(r, u, reason=f("reason"), source=s),
    "duplicate": lambda r, u, f, p, s: mark_duplicate(r, u, primary_ticket=f("primary"), source=s),
    "dispose": lambda r, u, f, p, s: dispose_report(
        r, u, agency=_agency(f("agency")), note=f("note"), source=s
    ),
    "start": lambda r, u, f, p, s: start_work(r, u, note=f("note"), source=s),
    "resolve": lambda r, u, f, p, s: resolve_report(
        r, u, note=f("note"), photos=p, override_reason=f("override_reason"), source=s
    ),
    "return": lambda r, u, f, p, s: return_report(r, u, reason=f("reason"), source=s),
    "close": lambda r, u, f, p, s: close_report(r, u, note=f("note"), source=s),
    "reopen": lambda r, u, f, p, s: reopen_report(r, u, reason=f("reason"), source=s),
    "priority": lambda r, u, f, p, s: change_priority(
        r, u, priority=f("priority"), reason=f("reason"), source=s
    ),
    "update": lambda r, u, f, p, s: add_update(
        r,
        u,
        body=f("body"),
        is_public=f("public") in {"True", "true", "on", "1"},
        photos=p,
        source=s,
    ),
    "publish_description": lambda r, u, f, p, s: set_description_public(
        r, u, public=f("public") in {"True", "true", "on", "1"}, source=s
    ),
}
# Actions whose forms may carry photos.
WITH_PHOTOS = frozenset({"resolve", "update"})


def perform(
    action: str,
    report: Report,
    actor: User,
    fields: Mapping[str, Any],
    photos: Sequence[CleanImage] = (),
    *,
    source: str = "web",
) -> Any:
    """Run the action named ``action`` with the fields a form or an API body gave."""
    runner = PERFORM.get(action)
    if runner is None:
        raise NotFound(_("Tindakan tidak dikenal."))

    def field(name: str) -> str:
        value = fields.get(name)
        return "" if value is None else str(value)

    return runner(report, actor, field, photos, source)
