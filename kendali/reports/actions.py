"""Everything that changes a report. Nothing else assigns ``report.status``.

Each action runs in one transaction: it re-reads the report under a row lock, checks that the
person may act and that the status allows it, writes the transition row, the timeline update and
the audit row, and publishes the live event once the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kendali.agencies.models import Agency, User
from kendali.audit.actions import record
from kendali.cities import lookup
from kendali.cities.models import Area, City
from kendali.lib.broker import publish_on_commit
from kendali.lib.errors import Invalid, NotFound, WrongState
from kendali.lib.geo import distance_m
from kendali.lib.images import CleanImage
from kendali.lib.tickets import new_ticket
from kendali.notify import actions as notify
from kendali.reports.access import ensure_can
from kendali.reports.choices import Channel, Priority, ReportStatus, UpdateKind
from kendali.reports.models import (
    ADDRESS_MAX,
    CONTACT_MAX,
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    NAME_MAX,
    NOTE_MAX,
    Attachment,
    Category,
    Report,
    RoutingRule,
    Transition,
    Update,
)
from kendali.sla import actions as sla
from kendali.sops import actions as sops

S = ReportStatus
# A city without area polygons accepts points this close to its centre.
FALLBACK_CITY_RADIUS_M = 40_000


@dataclass
class NewReport:
    """A report as it arrives from any channel, before it is checked."""

    category: str
    description: str
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    area: str | None = None
    reporter_name: str = ""
    reporter_contact: str = ""
    anonymous: bool = False
    confidential: bool = False
    priority: str | None = None
    # The public form: an address or an area alone is enough (the map pin is optional). The
    # API asks for coordinates, or an address with its area.
    address_or_area: bool = False


# ---------------------------------------------------------------------------------------------
# Intake


def suggest_agency(category: Category, area: Area | None) -> Agency | None:
    """The agency that routing sends this category in this area to.

    The most specific rule wins: a kelurahan's rule before its kecamatan's, and the category's
    default agency when no rule matches.
    """
    chain: list[int] = []
    current = area
    while current is not None:
        chain.append(current.pk)
        current = current.parent
    if chain:
        rules = {
            rule.area_id: rule
            for rule in RoutingRule.objects.select_related("agency").filter(
                category=category, area_id__in=chain, agency__is_active=True
            )
        }
        for area_id in chain:
            if area_id in rules:
                return rules[area_id].agency
    agency = category.default_agency
    return agency if agency is not None and agency.is_active else None


def check_new_report(new: NewReport) -> tuple[Category, Area | None]:
    """Check a new report against the city's data; raise Invalid with a message per field."""
    errors: dict[str, str] = {}
    category = (
        Category.objects.select_related("default_agency")
        .filter(code=(new.category or "").strip(), is_active=True)
        .first()
    )
    if category is None:
        errors["category"] = (
            _("Pilih kategori laporan.")
            if not (new.category or "").strip()
            else _("Kategori tidak dikenal.")
        )
    description = (new.description or "").strip()
    if len(description) < DESCRIPTION_MIN:
        errors["description"] = _("Jelaskan masalahnya, minimal %(min)d karakter.") % {
            "min": DESCRIPTION_MIN
        }
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = _("Uraian terlalu panjang (maksimal %(max)d karakter).") % {
            "max": DESCRIPTION_MAX
        }
    for field, value, limit in (
        ("address", new.address, ADDRESS_MAX),
        ("reporter_name", new.reporter_name, NAME_MAX),
        ("reporter_contact", new.reporter_contact, CONTACT_MAX),
    ):
        if len((value or "").strip()) > limit:
            errors[field] = _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": limit}
    if new.priority is not None and new.priority not in Priority.values:
        errors["priority"] = _("Prioritas tidak dikenal.")

    area: Area | None = None
    if new.area:
        area = _areas().filter(code=new.area).first()
        if area is None:
            errors["area"] = _("Wilayah tidak dikenal.")
    has_point = new.latitude is not None and new.longitude is not None
    if (new.latitude is None) != (new.longitude is None):
        errors["latitude"] = _("Lintang dan bujur harus diisi keduanya.")
    elif has_point:
        assert new.latitude is not None and new.longitude is not None
        if not (-90 <= new.latitude <= 90 and -180 <= new.longitude <= 180):
            errors["latitude"] = _("Koordinat tidak valid.")
        elif not _inside_city(new.latitude, new.longitude):
            errors["latitude"] = _("Lokasi berada di luar wilayah kota.")
        else:
            located = lookup.locate_area_id(new.latitude, new.longitude)
            if located is not None:
                area = _areas().get(pk=located)
    else:
        address, area_code = (new.address or "").strip(), (new.area or "").strip()
        enough = (address or area_code) if new.address_or_area else (address and area_code)
        if not enough:
            errors.setdefault(
                "location",
                _("Tandai lokasi di peta, atau isi alamat atau pilih wilayahnya.")
                if new.address_or_area
                else _("Tandai lokasi di peta, atau isi alamat dan pilih wilayahnya."),
            )
    if errors:
        raise Invalid(_("Laporan belum bisa dikirim. Periksa isian yang ditandai."), errors)
    assert category is not None
    return category, area


def _areas() -> QuerySet[Area]:
    """Areas with their parents, without the polygons (the spatial index has those)."""
    return Area.objects.select_related("parent").defer("geometry", "parent__geometry")


def _inside_city(latitude: float, longitude: float) -> bool:
    index = lookup.get_index()
    if len(index):
        return lookup.inside_city(latitude, longitude)
    city = City.current()
    if city is None:
        return True
    return distance_m(latitude, longitude, city.latitude, city.longitude) <= FALLBACK_CITY_RADIUS_M


def create_report(
    new: NewReport,
    *,
    channel: str,
    photos: Sequence[CleanImage] = (),
    actor: User | None = None,
    source: str = "web",
) -> Report:
    """Check and store a new report with its photos; the console hears of it after commit."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    category, area = check_new_report(new)
    agency = suggest_agency(category, area)
    priority = new.priority if (new.priority and actor is not None) else category.default_priority
    written: list[str] = []
    try:
        with transaction.atomic():
            report = Report(
                channel=channel,
                category=category,
                description=new.description.strip(),
                address=(new.address or "").strip(),
                latitude=round(new.latitude, 6) if new.latitude is not None else None,
                longitude=round(new.longitude, 6) if new.longitude is not None else None,
                area=area,
                priority=priority,
                suggested_agency=agency,
                reporter_name=(new.reporter_name or "").strip(),
                reporter_contact=(new.reporter_contact or "").strip(),
                is_anonymous=new.anonymous,
                is_confidential=new.confidential,
                created_by=actor,
            )
            _save_with_unique_ticket(report)
            Transition.objects.create(
                report=report,
                action="create",
                from_status="",
                to_status=S.SUBMITTED,
                actor=actor,
                created_at=report.created_at,
            )
            update = Update.objects.create(
                report=report,
                kind=UpdateKind.STATUS,
                status=S.SUBMITTED,
                is_public=True,
                author=actor,
                created_at=report.created_at,
            )
            attach_photos(report, update, photos, actor=actor, public=True, written=written)
            record(
                actor=actor,
                action="report.create",
                obj=report,
                after=report.snapshot() | {"channel": channel, "photos": len(photos)},
                source=source,
            )
            sla.on_report_change(report, "create", report.created_at)
            data = _event_data(report, "create")
            # A new report belongs to the command center until it is disposed.
            publish_on_commit("report.created", data, [])
            notify.enqueue_webhooks(
                "report.created", data, key=f"report.created:{report.pk}", agency_id=None
            )
    except BaseException:
        remove_files(written)
        raise
    return report


def _save_with_unique_ticket(report: Report) -> None:
    for _attempt in range(5):
        report.ticket = new_ticket()
        if not Report.objects.filter(ticket=report.ticket).exists():
            report.save()
            return
    raise RuntimeError("could not find a free ticket code")  # 30^8 codes: practically never


def attach_photos(
    report: Report,
    update: Update | None,
    photos: Sequence[CleanImage],
    *,
    actor: User | None,
    public: bool,
    written: list[str],
) -> None:
    """Store photos (on disk first, synced) and their rows; ``written`` lists the files so the
    caller can remove them if the transaction does not commit."""
    for photo in photos:
        attachment = Attachment(
            report=report,
            update=update,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
            size=len(photo.content),
            is_public=public,
            uploaded_by=actor,
        )
        attachment.file.save(f"photo.{photo.extension}", ContentFile(photo.content), save=False)
        written.append(str(attachment.file.name))
        attachment.save()


def remove_files(names: Sequence[str]) -> None:
    storage = Attachment.file.field.storage
    for name in names:
        storage.delete(name)


def _event_data(report: Report, action: str) -> dict[str, Any]:
    return {
        "ticket": report.ticket,
        "action": action,
        "status": report.status,
        "priority": report.priority,
        "agency_id": report.agency_id,
        "category": report.category.code,
    }


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
    sla.on_report_change(report, action, now, by_agency=_works_for(actor, report))
    # Telemetry: vehicles still on duty for a report that has now ended go back to available
    # (a no-op for other statuses). Imported here: telemetry's actions import this module.
    from kendali.telemetry.actions import release_vehicles

    release_vehicles(report, actor, source=source)
    if action == "verify":
        sops.start_run(report, now)
    if action == "dispose":
        _tell_agency(report)
    if action in TOLD_TO_REPORTER:
        notify.tell_reporter(report, key=f"reporter:{transition.pk}", note=public_note)
    data = _event_data(report, action)
    publish_on_commit("report.changed", data, [previous_agency, report.agency_id])
    notify.enqueue_webhooks(
        "report.changed", data, key=f"report.changed:{transition.pk}", agency_id=report.agency_id
    )
    return report


# Status changes the reporter hears of by email (when they left an email address).
TOLD_TO_REPORTER = frozenset(
    {"verify", "hold", "reject", "duplicate", "dispose", "start", "resolve", "close", "reopen"}
)


def _works_for(actor: User, report: Report) -> bool:
    return bool(actor.is_agency_staff and actor.agency_id == report.agency_id)


def _tell_agency(report: Report) -> None:
    from django.utils.translation import override

    from kendali.agencies.models import User as Staff
    from kendali.notify.choices import NotificationKind

    with override("id"):
        title = _("Laporan baru untuk %(agency)s: %(ticket)s %(category)s") % {
            "agency": report.agency,
            "ticket": report.ticket,
            "category": report.category.name_id,
        }
    notify.notify_users(
        Staff.objects.filter(agency=report.agency, is_active=True),
        kind=NotificationKind.ASSIGNED,
        title=title,
        url=notify.console_url(report),
        report=report,
    )


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
            sops.check_resolvable(report, actor, override_reason, timezone.now())
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
        sla.on_report_change(report, "priority", report.updated_at)
        record(
            actor=actor,
            action="report.priority",
            obj=report,
            before=before,
            after=report.snapshot(),
            source=source,
        )
        publish_on_commit("report.changed", _event_data(report, "priority"), [report.agency_id])
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
            sla.on_report_change(report, "update", now, by_agency=_works_for(actor, report))
            record(
                actor=actor,
                action="report.update",
                obj=report,
                after={"update": update.pk, "public": is_public, "photos": len(photos)},
                source=source,
            )
            publish_on_commit("report.changed", _event_data(report, "update"), [report.agency_id])
            return update
    except BaseException:
        remove_files(written)
        raise


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
            "report.changed", _event_data(locked, "publish_description"), [locked.agency_id]
        )
        return locked


# ---------------------------------------------------------------------------------------------
# One entry point for every interface (console forms, the API): a named action and its fields.

ActionRunner = Callable[[Report, User, Callable[[str], str], Sequence[CleanImage], str], Any]


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
