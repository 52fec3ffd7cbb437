"""Everything that changes telemetry state: rule levels and the reports they open, sensor and
camera status, alerts, vehicle status and dispatch.

Operator actions (vehicle status, dispatch, acknowledging an alert) write an audit row. The
system's own changes (a rule firing, a camera going dark) are rows of their own (`RuleEvent`,
`Alert`) and reach reports through `kendali.reports.actions` as the telemetry system user.
Live events go out after the transaction commits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kendali.agencies.choices import Role
from kendali.agencies.models import User
from kendali.audit.actions import record
from kendali.lib.broker import publish_on_commit
from kendali.lib.errors import ActionError, Invalid, NotAllowed, WrongState
from kendali.lib.geo import distance_m
from kendali.reports import actions as report_actions
from kendali.reports.access import ensure_can
from kendali.reports.choices import Channel, Priority, ReportStatus
from kendali.reports.models import Report
from kendali.telemetry.choices import (
    AlertKind,
    CameraStatus,
    RuleEventKind,
    RuleKind,
    SensorKind,
    SensorStatus,
    VehicleStatus,
)
from kendali.telemetry.models import (
    Alert,
    Camera,
    Dispatch,
    Rule,
    RuleEvent,
    RuleState,
    Sensor,
    Vehicle,
    new_tracker_id,
)

logger = logging.getLogger("kendali.telemetry")

SYSTEM_USERNAME = "sistem.telemetri"


def system_user() -> User:
    """The user that rules act as on reports (an operator with no password), made on first
    use: reports need an actor, and the timeline then says who wrote the entry."""
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User(
                username=SYSTEM_USERNAME,
                role=Role.OPERATOR,
                first_name="Sistem",
                last_name="Telemetri",
            )
            user.set_unusable_password()
            user.save()
            return user
    except IntegrityError:  # another process made it at the same moment
        return User.objects.get(username=SYSTEM_USERNAME)


# ---------------------------------------------------------------------------------------------
# Rules and the reports they open


@dataclass(frozen=True)
class RuleFiring:
    """What a rule reaching (or rising within) its report level carries to the seams below."""

    rule: Rule
    state: RuleState  # the caller saves it after the seams ran
    level: int
    level_name: str
    value: float | None
    at: datetime
    report: Report | None
    event: RuleEvent


def after_rule_fired(firing: RuleFiring) -> None:
    """A rule reached (or rose within) its report level: the report gets its SOP and, when
    the rule asks for it, a public warning is drafted for approval (see `followup`). Called
    inside the transaction that stored the reading, after the report was opened or updated."""
    attach_procedure(firing)
    draft_warning(firing)


def attach_procedure(firing: RuleFiring) -> None:
    from kendali.telemetry import followup

    followup.attach_procedure(firing, system_user())


def draft_warning(firing: RuleFiring) -> None:
    from kendali.telemetry import followup

    followup.draft_warning(firing, system_user())


def _reading_text(rule: Rule, value: float | None) -> str:
    if value is None:
        return ""
    number = formats.number_format(round(value, 2), use_l10n=True)  # 163,5 in Indonesian
    return f"{number} {rule.sensor.unit}".strip()


def change_rule_level(
    rule: Rule, state: RuleState, level: int, *, value: float | None, at: datetime
) -> RuleEvent:
    """Move a rule to a new level: a `RuleEvent` row, and the report opened, updated or told
    that the situation cleared. Runs inside the caller's transaction; the caller saves state.

    What it writes (reports, notes, warning drafts) stays in the city's records, so it is
    written in the city's language, whatever language the device's request asked for."""
    with translation.override(settings.LANGUAGE_CODE):
        return _change_rule_level(rule, state, level, value=value, at=at)


def _change_rule_level(
    rule: Rule, state: RuleState, level: int, *, value: float | None, at: datetime
) -> RuleEvent:
    old = state.level
    state.level = level
    state.changed_at = at
    kind = (
        RuleEventKind.RAISED
        if level > old
        else RuleEventKind.CLEARED
        if level == 0
        else RuleEventKind.LOWERED
    )
    event = RuleEvent.objects.create(
        rule=rule, kind=kind, from_level=old, to_level=level, value=value, at=at
    )
    if rule.category_id is None:
        return event
    opens, was_open = level >= rule.report_level, old >= rule.report_level
    try:
        if opens and not was_open:
            _open_or_update_report(rule, state, level, value)
        elif opens and was_open and state.report_id:
            _raise_priority(rule, state, level)
            _note_on_report(
                state,
                _("Tingkat berubah dari %(old)s ke %(new)s: %(value)s (%(sensor)s).")
                % {
                    "old": rule.level_name(old),
                    "new": rule.level_name(level),
                    "value": _reading_text(rule, value),
                    "sensor": rule.sensor.name,
                },
            )
        elif was_open and not opens and state.report_id:
            _note_on_report(
                state,
                _("Kembali di bawah ambang (%(level)s): %(value)s (%(sensor)s).")
                % {
                    "level": rule.level_name(level),
                    "value": _reading_text(rule, value),
                    "sensor": rule.sensor.name,
                },
            )
    except ActionError as exc:
        # A report that cannot be opened (a sensor outside the city, an inactive category)
        # must not lose the readings; the rule's level is still kept and shown, and the
        # command center is told, since nobody would otherwise know the case is missing.
        logger.warning("rule %s could not open or update its report: %s", rule.pk, exc.message)
        if opens and level > old:
            _tell_center_no_report(rule, level, value, exc.message)
    event.report_id = state.report_id
    event.save(update_fields=["report"])
    if opens and level > old:
        after_rule_fired(
            RuleFiring(
                rule=rule,
                state=state,
                level=level,
                level_name=rule.level_name(level),
                value=value,
                at=at,
                report=state.report,
                event=event,
            )
        )
    return event


def _open_or_update_report(rule: Rule, state: RuleState, level: int, value: float | None) -> None:
    """Update the rule's report while it is open; otherwise open a new one."""
    report = state.report
    if report is not None and report.is_open:
        _note_on_report(
            state,
            _("Aturan %(rule)s kembali terpicu: %(level)s, %(value)s.")
            % {
                "rule": rule.name,
                "level": rule.level_name(level),
                "value": _reading_text(rule, value),
            },
        )
        return
    sensor = rule.sensor
    assert rule.category is not None
    description = _(
        "%(sensor)s: %(kind)s %(value)s, status %(level)s. "
        "Laporan dibuka otomatis oleh sistem telemetri."
    ) % {
        "sensor": sensor.name,
        "kind": SensorKind(sensor.kind).label if sensor.kind in SensorKind.values else sensor.kind,
        "value": _reading_text(rule, value),
        "level": rule.level_name(level),
    }
    most_serious = _most_serious(rule, level)
    state.report = report_actions.create_report(
        report_actions.NewReport(
            category=rule.category.code,
            description=description,
            latitude=sensor.latitude,
            longitude=sensor.longitude,
            address=sensor.name,
            priority=Priority.URGENT if most_serious else Priority.HIGH,
        ),
        channel=Channel.SENSOR,
        actor=system_user(),
        source="telemetry",
    )


def _most_serious(rule: Rule, level: int) -> bool:
    return level >= len(rule.levels or []) and level > 1


def _raise_priority(rule: Rule, state: RuleState, level: int) -> None:
    """The rule's report becomes urgent when the rule reaches its most serious level."""
    report = state.report
    if report is None or not _most_serious(rule, level) or report.priority == Priority.URGENT:
        return
    report_actions.change_priority(
        report,
        system_user(),
        priority=Priority.URGENT,
        reason=_("%(level)s tercapai") % {"level": rule.level_name(level)},
        source="telemetry",
    )


def _tell_center_no_report(rule: Rule, level: int, value: float | None, reason: str) -> None:
    from kendali.notify.actions import notify_users

    staff = User.objects.filter(
        role__in=[Role.OPERATOR, Role.SUPERVISOR], is_active=True, agency__isnull=True
    ).exclude(username=SYSTEM_USERNAME)
    notify_users(
        staff,
        kind="telemetry.no_report",
        title=_("%(sensor)s mencapai %(level)s, tetapi laporan tidak bisa dibuka: %(reason)s")
        % {"sensor": rule.sensor.name, "level": rule.level_name(level), "reason": reason},
        body=_reading_text(rule, value),
        url=reverse("telemetry-console:sensor", args=[rule.sensor.code]),
    )


def _note_on_report(state: RuleState, body: str) -> None:
    report = state.report
    if report is None:
        return
    report_actions.add_update(report, system_user(), body=body, is_public=False, source="telemetry")


def refresh_sensor_level(sensor_id: int) -> None:
    """A sensor's level is the highest level of its threshold and rate rules."""
    sensor = Sensor.objects.select_for_update().get(pk=sensor_id)
    states = RuleState.objects.filter(
        rule__sensor_id=sensor_id,
        rule__is_active=True,
        rule__kind__in=[RuleKind.THRESHOLD, RuleKind.RATE],
    ).select_related("rule")
    level, name = 0, ""
    for state in states:
        if state.level > level:
            level, name = state.level, state.rule.level_name(state.level)
    if (level, name) != (sensor.level, sensor.level_name):
        sensor.level, sensor.level_name = level, name
        sensor.save(update_fields=["level", "level_name"])
        _publish_sensor(sensor)


def _publish_sensor(sensor: Sensor) -> None:
    publish_on_commit(
        "sensor.changed",
        {
            "code": sensor.code,
            "level": sensor.level,
            "level_name": sensor.level_name,
            "status": sensor.status,
            "color": sensor.color,
        },
        [sensor.agency_id],
    )


def fire_no_data_rule(rule: Rule, *, at: datetime) -> None:
    """A no-data rule whose sensor has been silent for too long (called by the worker)."""
    with transaction.atomic():
        state = RuleState.objects.select_for_update().filter(rule=rule).first()
        if state is None:
            RuleState.objects.bulk_create([RuleState(rule=rule)], ignore_conflicts=True)
            state = RuleState.objects.select_for_update().get(rule=rule)
        if state.level > 0:
            return
        change_rule_level(rule, state, 1, value=None, at=at)
        state.save()


# ---------------------------------------------------------------------------------------------
# Sensor status and alerts


def sensor_went_silent(sensor: Sensor, *, minutes: int) -> None:
    with transaction.atomic():
        updated = Sensor.objects.filter(pk=sensor.pk, status=SensorStatus.ONLINE).update(
            status=SensorStatus.OFFLINE
        )
        if not updated:
            return
        sensor.status = SensorStatus.OFFLINE
        open_alert(
            AlertKind.SENSOR_OFFLINE,
            sensor=sensor,
            message=_("Sensor %(name)s tidak mengirim data selama %(minutes)d menit.")
            % {"name": sensor.name, "minutes": minutes},
        )
        _publish_sensor(sensor)


def sensor_came_back(sensor: Sensor) -> None:
    """Data arrived from a sensor that was silent or new (inside the ingest transaction)."""
    updated = (
        Sensor.objects.filter(pk=sensor.pk)
        .exclude(status=SensorStatus.ONLINE)
        .update(status=SensorStatus.ONLINE)
    )
    if updated:
        sensor.status = SensorStatus.ONLINE
        close_alerts(AlertKind.SENSOR_OFFLINE, sensor=sensor)
        _publish_sensor(Sensor.objects.get(pk=sensor.pk))


def open_alert(
    kind: str, *, message: str, camera: Camera | None = None, sensor: Sensor | None = None
) -> Alert | None:
    """Open an alert unless one is open for the same thing already."""
    if Alert.objects.filter(kind=kind, camera=camera, sensor=sensor, closed_at=None).exists():
        return None
    alert = Alert.objects.create(kind=kind, camera=camera, sensor=sensor, message=message)
    owner = camera or sensor
    publish_on_commit(
        "telemetry.alert",
        {"id": alert.pk, "kind": kind, "message": message, "open": True},
        [owner.agency_id if owner else None],
    )
    return alert


def close_alerts(kind: str, *, camera: Camera | None = None, sensor: Sensor | None = None) -> int:
    closed = Alert.objects.filter(kind=kind, camera=camera, sensor=sensor, closed_at=None).update(
        closed_at=timezone.now()
    )
    if closed:
        owner = camera or sensor
        publish_on_commit(
            "telemetry.alert", {"kind": kind, "open": False}, [owner.agency_id if owner else None]
        )
    return closed


def acknowledge_alert(alert: Alert, actor: User, *, source: str = "web") -> Alert:
    """An operator has seen the alert (it stays open until the equipment recovers)."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.acknowledged_at is not None:
            return alert
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = actor
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record(
            actor=actor,
            action="telemetry.alert.acknowledge",
            obj=alert,
            source=source,
            after={"kind": alert.kind},
        )
        return alert


# ---------------------------------------------------------------------------------------------
# Cameras


@dataclass(frozen=True)
class ProbeOutcome:
    ok: bool
    digest: str = ""
    error: str = ""


def record_probe(
    camera: Camera, outcome: ProbeOutcome, *, stale_after_seconds: int, offline_after_failures: int
) -> Camera:
    """Apply one probe's outcome: online, stale (the picture stopped changing) or offline
    (after a number of failures in a row); an offline camera opens an operator alert."""
    now = timezone.now()
    with transaction.atomic():
        camera = Camera.objects.select_for_update().get(pk=camera.pk)
        camera.last_checked_at = now
        if outcome.ok:
            camera.failures = 0
            camera.last_error = ""
            camera.last_ok_at = now
            if outcome.digest != camera.snapshot_digest or camera.snapshot_changed_at is None:
                camera.snapshot_digest = outcome.digest
                camera.snapshot_changed_at = now
            frozen = (now - camera.snapshot_changed_at).total_seconds() >= stale_after_seconds
            status: str = CameraStatus.STALE if frozen else CameraStatus.ONLINE
        else:
            camera.failures += 1
            camera.last_error = outcome.error[:200]
            status = (
                CameraStatus.OFFLINE if camera.failures >= offline_after_failures else camera.status
            )
        if status != camera.status:
            camera.status = status
            camera.status_since = now
            if status == CameraStatus.OFFLINE:
                open_alert(
                    AlertKind.CAMERA_OFFLINE,
                    camera=camera,
                    message=_("Kamera %(name)s mati: %(error)s")
                    % {"name": camera.name, "error": camera.last_error or "-"},
                )
            else:
                close_alerts(AlertKind.CAMERA_OFFLINE, camera=camera)
            publish_on_commit(
                "camera.changed",
                {"code": camera.code, "status": camera.status, "color": camera.color},
                [camera.agency_id],
            )
        camera.save()
        return camera


# ---------------------------------------------------------------------------------------------
# Vehicles


# Reports a vehicle may be sent to: verified and still being handled. A report on hold counts
# when it was put on hold after verification.
DISPATCHABLE = frozenset(
    {ReportStatus.VERIFIED, ReportStatus.DISPOSITIONED, ReportStatus.IN_PROGRESS}
)
# Reports whose end sends the vehicles still serving them back to available.
FINISHED = frozenset(
    {ReportStatus.RESOLVED, ReportStatus.CLOSED, ReportStatus.REJECTED, ReportStatus.DUPLICATE}
)


def may_receive_vehicles(report: Report) -> bool:
    status = report.held_from if report.status == ReportStatus.ON_HOLD else report.status
    return status in DISPATCHABLE


def may_manage_vehicle(user: Any, vehicle: Vehicle) -> bool:
    if not getattr(user, "is_active", False):
        return False
    if user.is_center_staff:
        return True
    return bool(user.is_agency_staff and vehicle.agency_id == user.agency_id)


def set_vehicle_status(
    vehicle: Vehicle, actor: User, *, status: str, source: str = "web"
) -> Vehicle:
    if status not in VehicleStatus.values:
        message = _("Status kendaraan tidak dikenal.")
        raise Invalid(message, {"status": message})
    if not may_manage_vehicle(actor, vehicle):
        raise NotAllowed(_("Peran Anda tidak boleh mengubah status kendaraan ini."))
    with transaction.atomic():
        vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
        if vehicle.status == status:
            return vehicle
        before = {"status": vehicle.status}
        vehicle.status = status
        vehicle.save(update_fields=["status"])
        if before["status"] == VehicleStatus.ON_DUTY:
            # Taken off duty by hand: it no longer serves the report it was sent to.
            _end_dispatches(vehicle)
        record(
            actor=actor,
            action="telemetry.vehicle.status",
            obj=vehicle,
            before=before,
            after={"status": status},
            source=source,
        )
        _publish_vehicle(vehicle)
        return vehicle


def renew_tracker_id(vehicle: Vehicle, actor: User | None, *, source: str = "cli") -> str:
    """Give the vehicle a new random tracker id and return it; the old one stops working at
    once. The audit row says that it changed, never the id (it is the tracker's secret)."""
    with transaction.atomic():
        vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
        vehicle.tracker_id = new_tracker_id()
        vehicle.save(update_fields=["tracker_id"])
        record(
            actor=actor,
            action="telemetry.vehicle.tracker_id",
            obj=vehicle,
            after={"tracker_id": "renewed"},
            source=source,
        )
    return str(vehicle.tracker_id)


def _publish_vehicle(vehicle: Vehicle) -> None:
    publish_on_commit(
        "vehicle.changed",
        {"code": vehicle.code, "status": vehicle.status, "color": vehicle.color},
        [vehicle.agency_id],
    )


def _end_dispatches(vehicle: Vehicle) -> None:
    Dispatch.objects.filter(vehicle=vehicle, released_at=None).update(released_at=timezone.now())


def dispatch_vehicle(
    report: Report, vehicle: Vehicle, actor: User, *, note: str = "", source: str = "web"
) -> Dispatch:
    """Send an available vehicle to a report that is verified and still being handled: the
    vehicle goes on duty, and the report's timeline says which vehicle went, from how far,
    and who sent it."""
    ensure_can(actor, "update", report)
    if not may_manage_vehicle(actor, vehicle):
        raise NotAllowed(_("Peran Anda tidak boleh mengirim kendaraan ini."))
    note = (note or "").strip()
    if len(note) > 500:
        message = _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": 500}
        raise Invalid(message, {"note": message})
    with transaction.atomic():
        # The report first, as its own actions lock it: a report being finished meanwhile
        # either refuses this vehicle or, finished afterwards, sends it back.
        report = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
        if not may_receive_vehicles(report):
            raise WrongState(
                _(
                    "Laporan %(ticket)s berstatus %(status)s; armada hanya bisa dikirim ke "
                    "laporan yang sudah diverifikasi dan belum selesai."
                )
                % {"ticket": report.ticket, "status": report.get_status_display()}
            )
        vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
        if vehicle.status != VehicleStatus.AVAILABLE or not vehicle.is_active:
            raise WrongState(
                _("Kendaraan %(code)s sedang %(status)s, tidak bisa dikirim.")
                % {"code": vehicle.code, "status": vehicle.get_status_display()}
            )
        _end_dispatches(vehicle)  # none should be left; one vehicle serves one report
        metres = None
        if vehicle.has_position and report.has_location:
            assert vehicle.latitude is not None and vehicle.longitude is not None
            assert report.latitude is not None and report.longitude is not None
            metres = distance_m(
                vehicle.latitude, vehicle.longitude, report.latitude, report.longitude
            )
        dispatch = Dispatch.objects.create(
            report=report, vehicle=vehicle, dispatched_by=actor, distance_m=metres, note=note
        )
        vehicle.status = VehicleStatus.ON_DUTY
        vehicle.save(update_fields=["status"])
        where = _(" dari jarak %(km).1f km") % {"km": metres / 1000} if metres is not None else ""
        body = _("Armada dikirim: %(vehicle)s (%(kind)s)%(where)s.") % {
            "vehicle": f"{vehicle.name} · {vehicle.code}",
            "kind": vehicle.get_kind_display(),
            "where": where,
        }
        report_actions.add_update(
            report,
            actor,
            body=body + (f" {note}" if note else ""),
            is_public=False,
            source=source,
        )
        record(
            actor=actor,
            action="telemetry.vehicle.dispatch",
            obj=vehicle,
            after={"report": report.ticket, "distance_m": metres},
            source=source,
        )
        _publish_vehicle(vehicle)
        return dispatch


def release_vehicles(report: Report, actor: User, *, source: str = "web") -> list[Vehicle]:
    """Send the vehicles still on duty for a report that has just ended (resolved, closed,
    rejected, duplicate) back to available, with a note on its timeline. Called by the report
    actions inside their transaction, once the status has changed; a no-op otherwise."""
    if report.status not in FINISHED:
        return []
    running = list(
        Dispatch.objects.filter(report=report, released_at=None).values_list("pk", "vehicle_id")
    )
    if not running:
        return []
    now = timezone.now()
    Dispatch.objects.filter(pk__in=[pk for pk, _vehicle in running]).update(released_at=now)
    vehicles = list(
        Vehicle.objects.select_for_update()
        .filter(pk__in=[vehicle_id for _pk, vehicle_id in running], status=VehicleStatus.ON_DUTY)
        .order_by("pk")
    )
    for vehicle in vehicles:
        vehicle.status = VehicleStatus.AVAILABLE
        vehicle.save(update_fields=["status"])
        record(
            actor=actor,
            action="telemetry.vehicle.release",
            obj=vehicle,
            before={"status": VehicleStatus.ON_DUTY.value},
            after={"status": VehicleStatus.AVAILABLE.value, "report": report.ticket},
            source=source,
        )
        _publish_vehicle(vehicle)
    if vehicles:
        report_actions.add_system_note(
            report,
            _("Laporan %(status)s; armada kembali siaga: %(vehicles)s.")
            % {
                "status": report.get_status_display().lower(),
                "vehicles": ", ".join(f"{v.name} · {v.code}" for v in vehicles),
            },
            at=now,
            actor=actor,
            agency=actor.agency if actor.is_agency_staff else None,
        )
    return vehicles
