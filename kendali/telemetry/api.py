"""Telemetry API: sensors and their readings (public), readings and GPS intake (tokens and
trackers), cameras, vehicles, dispatch and alerts (staff)."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any, Literal

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.security import HttpBearer
from pydantic import Field

from kendali.agencies.access import user_for_token
from kendali.lib.api import STAFF_AUTH, staff_user
from kendali.lib.body import NDJSON_TYPES, PayloadTooLarge, UnsupportedMediaType, loads
from kendali.lib.errors import Invalid
from kendali.lib.lockout import guarded_token
from kendali.lib.ratelimits import rate_limited, setting_rate
from kendali.reports.access import access_report
from kendali.telemetry import actions, fleet
from kendali.telemetry.access import (
    access_alert,
    access_vehicle,
    public_sensor,
    visible_alerts,
    visible_cameras,
    visible_sensors,
    visible_vehicles,
)
from kendali.telemetry.adapters import osmand, owntracks
from kendali.telemetry.adapters.http import PayloadError, parse_json, parse_ndjson
from kendali.telemetry.choices import SensorKind, VehicleKind, VehicleStatus
from kendali.telemetry.ingest import MAX_BATCH, ingest_readings
from kendali.telemetry.models import (
    IngestToken,
    Reading,
    ReadingHour,
    ReadingMinute,
    Sensor,
    VehiclePosition,
)
from kendali.telemetry.rules import latest_readings
from kendali.telemetry.trackers import PositionReceived, ingest_tracker_position

router = Router(tags=["telemetry"])
ERRORS = {400: dict, 401: dict, 403: dict, 404: dict, 409: dict, 413: dict, 415: dict}


# ---------------------------------------------------------------------------------------------
# Sensors (public)


class SensorOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    unit: str
    latitude: float
    longitude: float
    area: str | None
    agency: str | None
    status: str
    level: int
    level_name: str
    color: str
    last_value: float | None
    last_reading_at: datetime | None


class LevelOut(Schema):
    name: str
    value: float


class RuleOut(Schema):
    name: str
    kind: str
    direction: str
    levels: list[LevelOut]
    duration_seconds: int
    hysteresis: float
    report_level: int
    level: int


class SensorDetailOut(SensorOut):
    description: str
    rules: list[RuleOut]


def _sensors() -> Any:
    return Sensor.objects.filter(is_active=True).select_related("area", "agency")


def sensor_out(sensor: Sensor, latest: dict[int, tuple[datetime, float]]) -> dict[str, Any]:
    last = latest.get(sensor.pk)
    return {
        "code": sensor.code,
        "name": sensor.name,
        "kind": sensor.kind,
        "kind_label": str(SensorKind(sensor.kind).label)
        if sensor.kind in SensorKind.values
        else sensor.kind,
        "unit": sensor.unit,
        "latitude": sensor.latitude,
        "longitude": sensor.longitude,
        "area": sensor.area.name if sensor.area else None,
        "agency": sensor.agency.short_name if sensor.agency else None,
        "status": sensor.status,
        "level": sensor.level,
        "level_name": sensor.level_name,
        "color": sensor.color,
        "last_value": last[1] if last else None,
        "last_reading_at": last[0] if last else None,
    }


class SensorQuery(Schema):
    kind: str = ""
    area: str = ""


def _ensure_one_of(value: str, allowed: list[str], field: str, unknown: str) -> None:
    """Refuse a filter value outside its choices (400), naming the ones allowed."""
    if value not in allowed:
        message = _("%(unknown)s Pilihan: %(allowed)s.") % {
            "unknown": unknown,
            "allowed": ", ".join(allowed),
        }
        raise Invalid(message, {field: message})


@router.get("/sensors", response={200: list[SensorOut], 400: dict}, summary="Sensors")
def list_sensors(request: HttpRequest, filters: Query[SensorQuery]) -> list[dict[str, Any]]:
    """Active sensors with their latest value and level (public information)."""
    sensors = _sensors()
    if filters.kind:
        _ensure_one_of(filters.kind, SensorKind.values, "kind", _("Jenis sensor tidak dikenal."))
        sensors = sensors.filter(kind=filters.kind)
    if filters.area:
        sensors = sensors.filter(area__code=filters.area) | sensors.filter(
            area__parent__code=filters.area
        )
    rows = list(sensors)
    latest = latest_readings([s.pk for s in rows])
    return [sensor_out(sensor, latest) for sensor in rows]


@router.get("/sensors/{code}", response={200: SensorDetailOut, 404: dict}, summary="One sensor")
def get_sensor(request: HttpRequest, code: str) -> dict[str, Any]:
    sensor = public_sensor(code)
    latest = latest_readings([sensor.pk])
    states = {rule.pk: rule for rule in sensor.rules.filter(is_active=True).select_related("state")}
    return sensor_out(sensor, latest) | {
        "description": sensor.description,
        "rules": [
            {
                "name": rule.name,
                "kind": rule.kind,
                "direction": rule.direction,
                "levels": [
                    {"name": str(level.get("name", "")), "value": float(level.get("value", 0))}
                    for level in rule.levels or []
                    if isinstance(level, dict)
                ],
                "duration_seconds": rule.duration_seconds,
                "hysteresis": rule.hysteresis,
                "report_level": rule.report_level,
                "level": getattr(getattr(rule, "state", None), "level", 0),
            }
            for rule in states.values()
        ],
    }


class ReadingsQuery(Schema):
    since: datetime | None = Field(default=None, description="Default: 24 hours ago")
    until: datetime | None = None
    rollup: Literal["raw", "minute", "hour"] = "raw"
    limit: int = Field(default=1000, ge=1, le=10_000)


class PointOut(Schema):
    ts: datetime
    value: float = Field(description="The reading, or the mean of the bucket")
    count: int | None = None
    min: float | None = None
    max: float | None = None


class ReadingsOut(Schema):
    sensor: str
    unit: str
    rollup: str
    since: datetime
    until: datetime
    truncated: bool = Field(
        description="More points than `limit` fell in the range: `items` holds the most "
        "recent ones; ask again with `until` before the first item for the earlier ones"
    )
    items: list[PointOut]


def _aware(moment: datetime | None, default: datetime, field: str) -> datetime:
    if moment is None:
        return default
    if timezone.is_naive(moment):
        message = _("Waktu harus menyertakan zona waktu.")
        raise Invalid(message, {field: message})
    return moment


@router.get(
    "/sensors/{code}/readings",
    response={200: ReadingsOut, 400: dict, 404: dict},
    summary="Readings of a sensor: raw, or per-minute or per-hour rollups",
)
def sensor_readings(request: HttpRequest, code: str, query: Query[ReadingsQuery]) -> dict[str, Any]:
    sensor = public_sensor(code)
    now = timezone.now()
    until = _aware(query.until, now, "until")
    since = _aware(query.since, until - timedelta(hours=24), "since")
    if since > until:
        message = _("Awal rentang harus sebelum akhirnya.")
        raise Invalid(message, {"since": message})
    # The most recent points first from the index, one more than asked to know if there are
    # more; then oldest first, as charts want them.
    items: list[dict[str, Any]]
    if query.rollup == "raw":
        rows = Reading.objects.filter(sensor=sensor, ts__gte=since, ts__lte=until).order_by("-ts")
        items = [
            {"ts": ts, "value": value}
            for ts, value in rows.values_list("ts", "value")[: query.limit + 1]
        ]
    else:
        model = ReadingMinute if query.rollup == "minute" else ReadingHour
        buckets = model.objects.filter(sensor=sensor, bucket__gte=since, bucket__lte=until)
        items = [
            {"ts": b.bucket, "value": b.mean, "count": b.count, "min": b.minimum, "max": b.maximum}
            for b in buckets.order_by("-bucket")[: query.limit + 1]
        ]
    truncated = len(items) > query.limit
    items = items[: query.limit][::-1]
    return {
        "sensor": sensor.code,
        "unit": sensor.unit,
        "rollup": query.rollup,
        "since": since,
        "until": until,
        "truncated": truncated,
        "items": items,
    }


@router.get("/map/sensors", response=dict, summary="Sensors as GeoJSON")
def sensors_map(request: HttpRequest) -> dict[str, Any]:
    rows = list(_sensors())
    latest = latest_readings([s.pk for s in rows])
    return _collection(
        (
            s.longitude,
            s.latitude,
            sensor_out(s, latest)
            | {"last_reading_at": (latest[s.pk][0].isoformat() if s.pk in latest else None)},
        )
        for s in rows
    )


def _collection(points: Any) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            }
            for lon, lat, properties in points
        ],
    }


# ---------------------------------------------------------------------------------------------
# Readings intake (device and integration tokens)


class IngestAuth(HttpBearer):
    """A telemetry token (`kendali telemetry token create`), or a command-center staff token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return guarded_token(request, lambda: _ingest_identity(token))


def _ingest_identity(token: str) -> Any:
    """An ingest token, or a command-center staff token, with the ``ingest`` scope."""
    if token.startswith(IngestToken.MARKER):
        found = IngestToken.matching(token).first()
        if found is None or not found.allows("ingest"):
            return None
        found.touch()
        return found
    user = user_for_token(token, scope="ingest")
    return user if user is not None and user.is_center_staff else None


class IngestOut(Schema):
    stored: int = Field(description="New readings written")
    ignored: int = Field(description="Repeats of readings already stored (same sensor and time)")
    rejected: int = Field(description="Readings refused; see reasons and errors")
    reasons: dict[str, int]
    errors: list[dict[str, Any]] = Field(
        description="The first 100 refusals: index, reason, message"
    )


READINGS_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "sensor": {"type": "string"},
                            "ts": {},
                            "value": {"type": "number"},
                        },
                    },
                }
            },
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}


def _body(request: HttpRequest) -> bytes:
    try:
        return request.body
    except RequestDataTooBig:
        raise PayloadTooLarge(_("Isi permintaan terlalu besar.")) from None


@router.post(
    "/readings",
    response={200: IngestOut, **ERRORS},
    auth=[IngestAuth()],
    summary="Send sensor readings (JSON array or NDJSON)",
    description=(
        'Each reading is `{"sensor": "<code>", "ts": "2026-11-27T10:00:00+07:00", '
        '"value": 123.4}` (`ts` may also be epoch seconds). Up to 10,000 per request. A '
        "reading already stored (same sensor and ts) is ignored; bad ones are rejected one by "
        "one with a reason, and the good ones in the same batch are stored."
    ),
    openapi_extra=READINGS_DOC,
)
def post_readings(request: HttpRequest) -> dict[str, Any]:
    content_type = (request.content_type or "").lower()
    body = _body(request)
    try:
        if content_type == "application/json":
            items = parse_json(body)
        elif content_type in NDJSON_TYPES:
            items = parse_ndjson(body)
        else:
            raise UnsupportedMediaType(
                _("Jenis isi %(type)s tidak didukung; gunakan %(accepted)s.")
                % {
                    "type": content_type or "-",
                    "accepted": "application/json, application/x-ndjson",
                }
            )
    except PayloadError:
        raise Invalid(_("Isi permintaan bukan JSON yang valid.")) from None
    if len(items) > MAX_BATCH:
        raise PayloadTooLarge(
            _("Terlalu banyak pembacaan dalam satu permintaan (maksimal %(max)d).")
            % {"max": MAX_BATCH}
        )
    auth = request.auth  # type: ignore[attr-defined]
    agency_id = auth.agency_id if isinstance(auth, IngestToken) else None
    return ingest_readings(items, agency_id=agency_id, source="api").as_dict()


# ---------------------------------------------------------------------------------------------
# GPS trackers


@router.api_operation(
    ["GET", "POST"],
    "/gps/osmand",
    response={200: PositionReceived, 400: dict, 413: dict, 429: dict},
    summary="OsmAnd / Traccar Client position",
    description=(
        "`?id=TRACKER&lat=-6.9&lon=107.6&timestamp=1764230400&speed=10&bearing=90` as a query "
        "string or form body (speed in knots), or Traccar Client's JSON. The tracker id is the "
        "vehicle's random id (`kendali telemetry tracker new CODE`) and its only secret: a "
        "well-formed position answers the same whether or not the id is known. Limited per "
        "address (`KENDALI_GPS_RATE`) and per tracker id (`KENDALI_GPS_TRACKER_RATE`)."
    ),
)
@rate_limited(key="ip", rate=setting_rate("GPS_RATE"), block=True)
def osmand_position(request: HttpRequest) -> Any:
    params: dict[str, Any] = dict(request.GET.items())
    if request.method == "POST":
        if (request.content_type or "").lower() == "application/json":
            try:
                position = osmand.position_from_json(loads(_body(request) or b"null"))
            except ValueError:
                position = None
        else:
            params.update(request.POST.items())
            position = osmand.position_from(params)
    else:
        position = osmand.position_from(params)
    ingest_tracker_position(request, position, agency_id=None, source="osmand")
    return {"received": 1}


class TrackerAuth(HttpBearer):
    """A telemetry token as Bearer, or HTTP Basic with the token as password (the OwnTracks app
    can only send Basic credentials)."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(header[6:].strip()).decode()
            except ValueError:
                return None
            return self.authenticate(request, decoded.partition(":")[2])
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return IngestAuth().authenticate(request, token)


@router.post(
    "/gps/owntracks",
    response={200: list[dict[str, Any]], **ERRORS, 429: dict},
    auth=[TrackerAuth()],
    summary="OwnTracks HTTP mode",
    description=(
        "The app's JSON location message; the device id comes from `X-Limit-D`. A well-formed "
        "location answers the same whether or not the device id belongs to a vehicle the "
        "token may move."
    ),
)
@rate_limited(key="ip", rate=setting_rate("GPS_RATE"), block=True)
def owntracks_position(request: HttpRequest) -> list[dict[str, Any]]:
    body = _body(request)
    device = request.headers.get("X-Limit-D") or None
    position = owntracks.parse(body, tracker=device)
    if position is not None:
        auth = request.auth  # type: ignore[attr-defined]
        agency_id = auth.agency_id if isinstance(auth, IngestToken) else None
        ingest_tracker_position(request, position, agency_id=agency_id, source="owntracks")
    return []  # OwnTracks expects a JSON array (of messages for the phone): none


# ---------------------------------------------------------------------------------------------
# Cameras, vehicles, dispatch, alerts (staff)


class CameraOut(Schema):
    code: str
    name: str
    latitude: float
    longitude: float
    agency: str | None
    status: str
    color: str
    stream_url: str
    stream_kind: str
    last_checked_at: datetime | None
    last_ok_at: datetime | None
    snapshot: str = Field(description="URL of the last good snapshot, served by Kendali")


def camera_out(camera: Any) -> dict[str, Any]:
    return {
        "code": camera.code,
        "name": camera.name,
        "latitude": camera.latitude,
        "longitude": camera.longitude,
        "agency": camera.agency.short_name if camera.agency else None,
        "status": camera.status,
        "color": camera.color,
        "stream_url": camera.stream_url,
        "stream_kind": camera.stream_kind,
        "last_checked_at": camera.last_checked_at,
        "last_ok_at": camera.last_ok_at,
        "snapshot": f"/console/telemetri/kamera/{camera.code}/snapshot.jpg",
    }


@router.get(
    "/cameras",
    response={200: list[CameraOut], **ERRORS},
    auth=STAFF_AUTH,
    summary="Cameras and their health",
    tags=["staff"],
)
def list_cameras(request: HttpRequest) -> list[dict[str, Any]]:
    cameras = visible_cameras(staff_user(request)).filter(is_active=True).select_related("agency")
    return [camera_out(camera) for camera in cameras]


class VehicleOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    agency: str | None
    status: str
    status_label: str
    color: str
    latitude: float | None
    longitude: float | None
    speed: float | None
    heading: float | None
    last_position_at: datetime | None


def vehicle_out(vehicle: Any) -> dict[str, Any]:
    return {
        "code": vehicle.code,
        "name": vehicle.name,
        "kind": vehicle.kind,
        "kind_label": str(vehicle.get_kind_display()),
        "agency": vehicle.agency.short_name if vehicle.agency else None,
        "status": vehicle.status,
        "status_label": str(vehicle.get_status_display()),
        "color": vehicle.color,
        "latitude": vehicle.latitude,
        "longitude": vehicle.longitude,
        "speed": vehicle.speed,
        "heading": vehicle.heading,
        "last_position_at": vehicle.last_position_at,
    }


class VehicleQuery(Schema):
    kind: str = ""
    status: str = ""


@router.get(
    "/vehicles",
    response={200: list[VehicleOut], **ERRORS},
    auth=STAFF_AUTH,
    summary="Vehicles with their last position",
    tags=["staff"],
)
def list_vehicles(request: HttpRequest, filters: Query[VehicleQuery]) -> list[dict[str, Any]]:
    vehicles = visible_vehicles(staff_user(request)).filter(is_active=True).select_related("agency")
    if filters.kind:
        _ensure_one_of(
            filters.kind, VehicleKind.values, "kind", _("Jenis kendaraan tidak dikenal.")
        )
        vehicles = vehicles.filter(kind=filters.kind)
    if filters.status:
        _ensure_one_of(
            filters.status, VehicleStatus.values, "status", _("Status kendaraan tidak dikenal.")
        )
        vehicles = vehicles.filter(status=filters.status)
    return [vehicle_out(vehicle) for vehicle in vehicles]


class StatusIn(Schema):
    status: VehicleStatus


@router.post(
    "/vehicles/{code}/status",
    response={200: VehicleOut, **ERRORS},
    auth=STAFF_AUTH,
    summary="Set a vehicle's status",
    tags=["staff"],
)
def set_vehicle_status(request: HttpRequest, code: str, body: StatusIn) -> dict[str, Any]:
    user = staff_user(request)
    vehicle = actions.set_vehicle_status(
        access_vehicle(user, code), user, status=body.status, source="api"
    )
    return vehicle_out(vehicle)


class NearbyOut(Schema):
    vehicle: VehicleOut
    distance_m: float
    travel_seconds: float | None
    position_age_seconds: float = Field(
        description="How old the vehicle's last position is; older than "
        "`KENDALI_VEHICLE_POSITION_MAX_MINUTES` are left out"
    )


class NearestQuery(Schema):
    kind: str = Field(default="", description="Vehicle kind; default: kinds suited to the category")
    limit: int = Field(default=5, ge=1, le=50)


@router.get(
    "/reports/{ticket}/nearest-vehicles",
    response={200: list[NearbyOut], **ERRORS},
    auth=STAFF_AUTH,
    summary="Nearest available vehicles with a recent position, for a report",
    tags=["staff"],
)
def nearest_vehicles(request: HttpRequest, ticket: str, query: Query[NearestQuery]) -> Any:
    user = staff_user(request)
    report = access_report(user, ticket)
    if query.kind:
        _ensure_one_of(query.kind, VehicleKind.values, "kind", _("Jenis kendaraan tidak dikenal."))
    if not report.has_location:
        return []
    assert report.latitude is not None and report.longitude is not None
    kinds = [query.kind] if query.kind else list(fleet.kinds_for_category(report.category.code))
    found = fleet.nearest_vehicles(
        visible_vehicles(user).select_related("agency"),
        report.latitude,
        report.longitude,
        kinds=kinds,
        limit=query.limit,
    )
    return [
        {
            "vehicle": vehicle_out(item.vehicle),
            "distance_m": round(item.metres, 1),
            "travel_seconds": item.seconds,
            "position_age_seconds": round(item.age_seconds),
        }
        for item in found
    ]


class DispatchIn(Schema):
    vehicle: str = Field(max_length=40)
    note: str = Field(default="", max_length=500)


class DispatchOut(Schema):
    ticket: str
    vehicle: VehicleOut
    distance_m: float | None
    dispatched_at: datetime


@router.post(
    "/reports/{ticket}/dispatch",
    response={200: DispatchOut, **ERRORS},
    auth=STAFF_AUTH,
    summary="Dispatch a vehicle to a report",
    tags=["staff"],
)
def dispatch(request: HttpRequest, ticket: str, body: DispatchIn) -> dict[str, Any]:
    user = staff_user(request)
    report = access_report(user, ticket)
    vehicle = access_vehicle(user, body.vehicle)
    sent = actions.dispatch_vehicle(report, vehicle, user, note=body.note, source="api")
    vehicle.refresh_from_db()
    return {
        "ticket": report.ticket,
        "vehicle": vehicle_out(vehicle),
        "distance_m": sent.distance_m,
        "dispatched_at": sent.dispatched_at,
    }


class AlertOut(Schema):
    id: int
    kind: str
    message: str
    opened_at: datetime
    closed_at: datetime | None
    acknowledged_at: datetime | None


def alert_out(alert: Any) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "kind": alert.kind,
        "message": alert.message,
        "opened_at": alert.opened_at,
        "closed_at": alert.closed_at,
        "acknowledged_at": alert.acknowledged_at,
    }


@router.get(
    "/telemetry/alerts",
    response={200: list[AlertOut], **ERRORS},
    auth=STAFF_AUTH,
    summary="Open equipment alerts (cameras down, silent sensors)",
    tags=["staff"],
)
def list_alerts(request: HttpRequest) -> list[dict[str, Any]]:
    alerts = visible_alerts(staff_user(request)).filter(closed_at=None)[:200]
    return [alert_out(alert) for alert in alerts]


@router.post(
    "/telemetry/alerts/{alert_id}/acknowledge",
    response={200: AlertOut, **ERRORS},
    auth=STAFF_AUTH,
    summary="Acknowledge an alert",
    tags=["staff"],
)
def acknowledge(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    user = staff_user(request)
    if not user.is_center_staff and not user.is_agency_staff:
        from kendali.lib.errors import NotAllowed

        raise NotAllowed(_("Peran Anda tidak boleh melakukan tindakan ini."))
    return alert_out(actions.acknowledge_alert(access_alert(user, alert_id), user, source="api"))


@router.get(
    "/staff/map/telemetry",
    response={200: dict, **ERRORS},
    auth=STAFF_AUTH,
    summary="Sensors, cameras and vehicles (with recent tracks) as GeoJSON",
    tags=["staff"],
)
def telemetry_map(request: HttpRequest) -> dict[str, Any]:
    """The console's live map: what this person may open and hears live events about (agency
    staff: their agency's sensors, cameras and vehicles)."""
    user = staff_user(request)
    sensors = list(visible_sensors(user).filter(is_active=True).select_related("area", "agency"))
    latest = latest_readings([s.pk for s in sensors])
    cameras = visible_cameras(user).filter(is_active=True).select_related("agency")
    vehicles = list(
        visible_vehicles(user)
        .filter(is_active=True, latitude__isnull=False)
        .select_related("agency")
    )
    since = timezone.now() - timedelta(minutes=30)
    tracks: dict[int, list[list[float]]] = {}
    positions = (
        VehiclePosition.objects.filter(vehicle__in=vehicles, ts__gte=since)
        .order_by("vehicle_id", "ts")
        .values_list("vehicle_id", "longitude", "latitude")
    )
    for vehicle_id, lon, lat in positions:
        tracks.setdefault(vehicle_id, []).append([lon, lat])
    return {
        "sensors": _collection(
            (
                s.longitude,
                s.latitude,
                sensor_out(s, latest)
                | {"last_reading_at": (latest[s.pk][0].isoformat() if s.pk in latest else None)},
            )
            for s in sensors
        ),
        "cameras": _collection((c.longitude, c.latitude, camera_out(c)) for c in cameras),
        "vehicles": _collection(
            (
                v.longitude,
                v.latitude,
                vehicle_out(v)
                | {
                    "track": tracks.get(v.pk, [])[-120:],
                    "last_position_at": v.last_position_at.isoformat()
                    if v.last_position_at
                    else None,
                },
            )
            for v in vehicles
        ),
    }
