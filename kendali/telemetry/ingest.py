"""Store readings and vehicle positions in batches, durably and idempotently.

Every adapter (HTTP, MQTT, OwnTracks, OsmAnd) turns what it received into :class:`RawReading`
or :class:`RawPosition` items and calls :func:`ingest_readings` or :func:`ingest_positions`.
Each item is checked on its own: a bad one is rejected with a reason and counted, and never
stops the good ones in the same batch. Good readings are written with one multi-row
``INSERT ... ON CONFLICT DO NOTHING RETURNING`` per chunk, so a repeated reading (same sensor,
same timestamp) is ignored by the database itself; late and out-of-order readings are stored
like any other. Rules are evaluated on the new readings in the same transaction, so a reading
is never stored without having been looked at, and the answer is given after the commit.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from kendali.lib.broker import publish_on_commit
from kendali.lib.cache import ProcessCache
from kendali.lib.text import storable
from kendali.telemetry.choices import OFFLINE_COLOR, SensorStatus, level_color
from kendali.telemetry.models import Reading, Rule, Sensor, Vehicle, VehiclePosition

MAX_BATCH = 10_000
MAX_ERRORS_LISTED = 100
CHUNK = 500
CACHE_SECONDS = 10.0

REASONS = {
    "malformed": _("Bukan objek pembacaan yang valid."),
    "unknown_sensor": _("Sensor tidak dikenal."),
    "inactive_sensor": _("Sensor tidak aktif."),
    "unknown_vehicle": _("Kendaraan atau pelacak tidak dikenal."),
    "bad_timestamp": _("Waktu tidak bisa dibaca (ISO 8601 dengan zona waktu, atau detik epoch)."),
    "naive_timestamp": _("Waktu harus menyertakan zona waktu."),
    "future_timestamp": _("Waktu berada di masa depan."),
    "too_old": _("Waktu terlalu lama di masa lalu untuk disimpan."),
    "bad_value": _("Nilai harus berupa angka."),
    "absurd_value": _("Nilai di luar rentang yang masuk akal untuk sensor ini."),
    "bad_position": _("Koordinat tidak valid."),
}


class RawReading(NamedTuple):
    """A reading as an adapter received it, not yet checked."""

    sensor: Any
    ts: Any
    value: Any


@dataclass(frozen=True)
class RawPosition:
    tracker: Any  # a vehicle's tracker id (or its code)
    ts: Any
    latitude: Any
    longitude: Any
    speed: Any = None  # km/h
    heading: Any = None


@dataclass
class IngestResult:
    stored: int = 0
    ignored: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, index: int, reason: str) -> None:
        self.rejected += 1
        self.reasons[reason] += 1
        if len(self.errors) < MAX_ERRORS_LISTED:
            self.errors.append(
                {"index": index, "reason": reason, "message": str(REASONS.get(reason, reason))}
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "stored": self.stored,
            "ignored": self.ignored,
            "rejected": self.rejected,
            "reasons": dict(self.reasons),
            "errors": self.errors,
        }


# ---------------------------------------------------------------------------------------------
# Parsing single values


class Rejected(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Window:
    """The timestamps a batch accepts: not in the future (beyond clock skew), not older than
    raw readings are kept."""

    earliest: datetime
    latest: datetime

    @classmethod
    def around(cls, now: datetime) -> Window:
        return cls(
            earliest=now - timedelta(days=settings.TELEMETRY_RAW_DAYS),
            latest=now + timedelta(seconds=settings.TELEMETRY_FUTURE_TOLERANCE_SECONDS),
        )


def parse_timestamp(raw: Any, now: datetime | Window) -> datetime:
    """An aware UTC datetime from ISO 8601 with an offset, or epoch seconds (or milliseconds)."""
    window = now if isinstance(now, Window) else Window.around(now)
    if isinstance(raw, str) and 19 <= len(raw) <= 40:
        try:
            moment = datetime.fromisoformat(raw)  # the common case, in C
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is None:
                raise Rejected("naive_timestamp")
            return _inside(moment.astimezone(UTC), window)
    if isinstance(raw, bool) or raw is None:
        raise Rejected("bad_timestamp")
    if isinstance(raw, str) and raw.strip().replace(".", "", 1).isdigit():
        raw = float(raw)
    if isinstance(raw, int | float):
        number = parse_number(raw, "bad_timestamp")
        if number < 0:
            raise Rejected("bad_timestamp")
        seconds = number / 1000 if number > 1e11 else number  # milliseconds since the epoch
        try:
            moment = datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise Rejected("bad_timestamp") from None
    elif isinstance(raw, str) and len(raw) <= 40:
        try:
            parsed = parse_datetime(raw.strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise Rejected("bad_timestamp")
        if timezone.is_naive(parsed):
            raise Rejected("naive_timestamp")
        moment = parsed.astimezone(UTC)
    else:
        raise Rejected("bad_timestamp")
    return _inside(moment, window)


def _inside(moment: datetime, window: Window) -> datetime:
    if moment > window.latest:
        raise Rejected("future_timestamp")
    if moment < window.earliest:
        raise Rejected("too_old")
    return moment


def parse_number(raw: Any, reason: str = "bad_value") -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise Rejected(reason)
    try:
        value = float(raw)  # an int of 400 digits does not fit
    except OverflowError:
        raise Rejected(reason) from None
    if not math.isfinite(value):
        raise Rejected(reason)
    return value


# ---------------------------------------------------------------------------------------------
# Which sensors exist: a small in-process cache, refreshed often and on a miss


@dataclass(frozen=True)
class SensorInfo:
    id: int
    code: str
    agency_id: int | None
    low: float
    high: float
    active: bool
    online: bool
    has_rules: bool


def _load_sensors(codes: list[str]) -> dict[str, SensorInfo]:
    ruled = set(
        Rule.objects.filter(is_active=True, sensor__code__in=codes).values_list(
            "sensor_id", flat=True
        )
    )
    found: dict[str, SensorInfo] = {}
    for sensor in Sensor.objects.filter(code__in=codes):
        low, high = sensor.plausible_range
        found[sensor.code] = SensorInfo(
            sensor.pk,
            sensor.code,
            sensor.agency_id,
            low,
            high,
            sensor.is_active,
            sensor.status == SensorStatus.ONLINE,
            sensor.pk in ruled,
        )
    return found


# What ingestion needs to know of each sensor, by code. Changes in this process reach the cache
# at once; other processes see them within CACHE_SECONDS (and a sensor replaced under the same
# code is caught by the retry in ingest_readings).
sensor_cache = ProcessCache[str, SensorInfo]("telemetry.sensors", seconds=CACHE_SECONDS)
sensor_cache.forget_on(Sensor, Rule)


def _remember_online(codes: Iterable[str]) -> None:
    for code in codes:
        sensor_cache.update(code, lambda info: replace(info, online=True))


# ---------------------------------------------------------------------------------------------
# Readings


class GoodReading(NamedTuple):
    sensor_id: int
    ts: datetime
    value: float


def check_readings(
    items: Sequence[RawReading | None],
    result: IngestResult,
    *,
    agency_id: int | None = None,
    now: datetime | None = None,
    infos: dict[int, SensorInfo] | None = None,
) -> list[GoodReading]:
    """Check each item; reject the bad ones into ``result``; drop repeats within the batch.
    ``infos`` receives what is known about each sensor that had a good reading."""
    window = Window.around(now or timezone.now())
    codes = {item.sensor for item in items if item is not None and isinstance(item.sensor, str)}
    codes = {code for code in codes if 0 < len(code) <= 64 and storable(code)}
    known = sensor_cache.get_many(codes, _load_sensors)
    good: dict[tuple[int, datetime], GoodReading] = {}
    for index, item in enumerate(items):
        try:
            if item is None:
                raise Rejected("malformed")
            info = known.get(item.sensor) if isinstance(item.sensor, str) else None
            if info is None or (agency_id is not None and info.agency_id != agency_id):
                raise Rejected("unknown_sensor")  # another agency's sensor looks the same
            if not info.active:
                raise Rejected("inactive_sensor")
            ts = parse_timestamp(item.ts, window)
            value = parse_number(item.value)
            if not info.low <= value <= info.high:
                raise Rejected("absurd_value")
        except Rejected as exc:
            result.reject(index, exc.reason)
            continue
        key = (info.id, ts)
        if key in good:
            result.ignored += 1
        else:
            good[key] = GoodReading(info.id, ts, value)
            if infos is not None:
                infos[info.id] = info
    return list(good.values())


def _aware(value: Any) -> datetime:
    moment = parse_datetime(value) if isinstance(value, str) else value
    assert isinstance(moment, datetime)
    return moment.replace(tzinfo=UTC) if timezone.is_naive(moment) else moment.astimezone(UTC)


def insert_new(
    table: str, columns: Sequence[str], key: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[tuple[Any, ...]]:
    """Insert rows, skipping those whose ``key`` columns are already stored; return the key
    columns of the rows that were new. One multi-row statement per chunk, on SQLite and
    PostgreSQL alike."""
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    inserted: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            params = [value for row in chunk for value in row]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 (names are ours)
                f"VALUES {', '.join([placeholders] * len(chunk))} "
                f"ON CONFLICT ({', '.join(key)}) DO NOTHING RETURNING {', '.join(key)}",
                params,
            )
            inserted.extend(tuple(row) for row in cursor.fetchall())
    return inserted


def _naive_utc_text(moment: datetime) -> str:
    return str(moment.astimezone(UTC).replace(tzinfo=None))


def _as_is(moment: datetime) -> datetime:
    return moment


def time_adapter() -> Callable[[datetime], Any]:
    """How the database column takes a UTC datetime (what Django's adapters do, faster):
    SQLite keeps naive UTC text, PostgreSQL takes the aware datetime."""
    return _naive_utc_text if connection.vendor == "sqlite" else _as_is


def _insert_readings_postgresql(
    readings: Sequence[GoodReading], received_at: datetime
) -> list[tuple[Any, ...]]:
    """PostgreSQL: the whole batch as three arrays in one statement, bound on the server and
    sent in binary (Django's client-side binding would spell out thousands of parameters)."""
    import psycopg

    connection.ensure_connection()
    table = Reading._meta.db_table
    # A plain (server-binding) cursor on Django's connection, inside Django's transaction.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            f"INSERT INTO {table} (sensor_id, ts, value, received_at) "  # noqa: S608 (ours)
            "SELECT s, t, v, %s FROM unnest(%s::bigint[], %s::timestamptz[], %s::float8[]) "
            "AS batch(s, t, v) ON CONFLICT (sensor_id, ts) DO NOTHING RETURNING sensor_id, ts",
            [
                received_at,
                [r.sensor_id for r in readings],
                [r.ts for r in readings],
                [r.value for r in readings],
            ],
            binary=True,
        )
        return [tuple(row) for row in cursor.fetchall()]


def insert_readings(readings: Sequence[GoodReading], received_at: datetime) -> list[GoodReading]:
    """Insert, ignoring rows already stored; return the readings that were new."""
    if connection.vendor == "postgresql":
        new = _insert_readings_postgresql(readings, received_at)
    else:
        db_time = time_adapter()
        received = db_time(received_at)
        new = insert_new(
            Reading._meta.db_table,
            ("sensor_id", "ts", "value", "received_at"),
            ("sensor_id", "ts"),
            [(r.sensor_id, db_time(r.ts), r.value, received) for r in readings],
        )
    wanted = {(r.sensor_id, r.ts): r for r in readings}
    stored = []
    for sensor_id, ts in new:
        # SQLite's driver gives naive UTC datetimes back, PostgreSQL's aware ones.
        if isinstance(ts, datetime):
            moment = ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)
        else:
            moment = _aware(ts)
        stored.append(wanted[(sensor_id, moment)])
    return stored


def ingest_readings(
    items: Sequence[RawReading | None],
    *,
    agency_id: int | None = None,
    source: str = "api",
) -> IngestResult:
    """Check, store and evaluate a batch of readings; answer how many were stored, ignored
    (already stored) and rejected, and why. ``agency_id`` limits a token to its agency."""
    try:
        return _ingest_readings(items, agency_id=agency_id)
    except IntegrityError:
        # A sensor was replaced (deleted, then created again under its code) by another
        # process since the cache was filled: forget what the cache knew and try once more.
        sensor_cache.clear()
        return _ingest_readings(items, agency_id=agency_id)


def _ingest_readings(items: Sequence[RawReading | None], *, agency_id: int | None) -> IngestResult:
    from kendali.telemetry import rules

    result = IngestResult()
    now = timezone.now()
    infos: dict[int, SensorInfo] = {}
    good = check_readings(items, result, agency_id=agency_id, now=now, infos=infos)
    if not good:
        return result
    changes: set[int] = set()
    with transaction.atomic():
        stored = insert_readings(good, now)
        result.stored = len(stored)
        result.ignored += len(good) - len(stored)
        if stored:
            touched = {reading.sensor_id for reading in stored}
            _mark_online([infos[pk] for pk in touched if not infos[pk].online])
            watched = [r for r in stored if infos[r.sensor_id].has_rules]
            changes = rules.evaluate_readings(watched) if watched else set()
    if stored:
        # After the commit, outside the write lock: the map's event reads the sensors' levels.
        _publish_readings(stored, changes)
    return result


def _mark_online(infos: Sequence[SensorInfo]) -> None:
    """Sensors that were new or silent have sent data (the cache says which might be)."""
    if not infos:
        return
    from kendali.telemetry import actions

    silent = list(
        Sensor.objects.filter(pk__in=[info.id for info in infos])
        .exclude(status=SensorStatus.ONLINE)
        .only("id", "status", "agency_id", "code")
    )
    for sensor in silent:
        actions.sensor_came_back(sensor)
    codes = [info.code for info in infos]
    transaction.on_commit(lambda: _remember_online(codes))


def _publish_readings(stored: Sequence[GoodReading], changed: set[int]) -> None:
    """One live event per owning agency with the newest value of each sensor in the batch."""
    latest: dict[int, GoodReading] = {}
    for reading in stored:
        if reading.sensor_id not in latest or reading.ts > latest[reading.sensor_id].ts:
            latest[reading.sensor_id] = reading
    sensors = Sensor.objects.filter(pk__in=latest).values_list(
        "id", "code", "agency_id", "level", "level_name", "status"
    )
    by_agency: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for pk, code, agency_id, level, level_name, status in sensors:
        reading = latest[pk]
        by_agency[agency_id].append(
            {
                "code": code,
                "value": reading.value,
                "ts": reading.ts.isoformat(),
                "level": level,
                "level_name": level_name,
                "color": level_color(level) if status == SensorStatus.ONLINE else OFFLINE_COLOR,
                "changed": pk in changed,
            }
        )
    for owner, items in by_agency.items():
        publish_on_commit("sensor.readings", {"sensors": items}, [owner])


# ---------------------------------------------------------------------------------------------
# Vehicle positions


@dataclass(frozen=True)
class GoodPosition:
    vehicle_id: int
    ts: datetime
    latitude: float
    longitude: float
    speed: float | None
    heading: float | None


def ingest_positions(
    items: Sequence[RawPosition | None], *, agency_id: int | None = None, source: str = "api"
) -> IngestResult:
    """Store GPS positions of vehicles, keyed by tracker id; a repeated position (same vehicle,
    same timestamp) is ignored. Never by the vehicle's code: codes and plates are printed on
    the vehicles, and the OsmAnd protocol has no other secret. ``agency_id`` limits a token to
    its agency's vehicles."""
    result = IngestResult()
    now = timezone.now()
    trackers = {str(item.tracker) for item in items if item is not None and item.tracker}
    trackers = {t for t in trackers if len(t) <= 100 and storable(t)}
    known = Vehicle.objects.filter(is_active=True, tracker_id__in=trackers)
    if agency_id is not None:
        known = known.filter(agency_id=agency_id)
    vehicles = {vehicle.tracker_id: vehicle for vehicle in known}
    good: dict[tuple[int, datetime], GoodPosition] = {}
    for index, item in enumerate(items):
        try:
            if item is None:
                raise Rejected("malformed")
            # The position first, the tracker last: a bad position gets the same answer whether
            # the id is known or not, so answers never tell which ids exist.
            ts = parse_timestamp(item.ts, now)
            latitude = parse_number(item.latitude, "bad_position")
            longitude = parse_number(item.longitude, "bad_position")
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise Rejected("bad_position")
            speed = _optional_number(item.speed, 0, 400)
            heading = _optional_number(item.heading, 0, 360)
            vehicle = vehicles.get(str(item.tracker)) if item.tracker else None
            if vehicle is None:
                raise Rejected("unknown_vehicle")
        except Rejected as exc:
            result.reject(index, exc.reason)
            continue
        key = (vehicle.pk, ts)
        if key in good:
            result.ignored += 1
        else:
            good[key] = GoodPosition(vehicle.pk, ts, latitude, longitude, speed, heading)
    if not good:
        return result
    rows = list(good.values())
    adapt = connection.ops.adapt_datetimefield_value
    wanted = {(p.vehicle_id, p.ts): p for p in rows}
    with transaction.atomic():
        new = insert_new(
            VehiclePosition._meta.db_table,
            ("vehicle_id", "ts", "latitude", "longitude", "speed", "heading", "received_at"),
            ("vehicle_id", "ts"),
            [
                (p.vehicle_id, adapt(p.ts), p.latitude, p.longitude, p.speed, p.heading, adapt(now))
                for p in rows
            ],
        )
        stored = [wanted[(vehicle_id, _aware(ts))] for vehicle_id, ts in new]
        result.stored = len(stored)
        result.ignored += len(rows) - len(stored)
        newest: dict[int, GoodPosition] = {}
        for position in stored:
            if position.vehicle_id not in newest or position.ts > newest[position.vehicle_id].ts:
                newest[position.vehicle_id] = position
        moved: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
        by_id = {vehicle.pk: vehicle for vehicle in vehicles.values()}
        for vehicle_id, position in newest.items():
            updated = (
                Vehicle.objects.filter(pk=vehicle_id)
                .filter(_newer_than("last_position_at", position.ts))
                .update(
                    latitude=position.latitude,
                    longitude=position.longitude,
                    speed=position.speed,
                    heading=position.heading,
                    last_position_at=position.ts,
                )
            )
            if updated:
                vehicle = by_id[vehicle_id]
                moved[vehicle.agency_id].append(
                    {
                        "code": vehicle.code,
                        "latitude": position.latitude,
                        "longitude": position.longitude,
                        "ts": position.ts.isoformat(),
                        "status": vehicle.status,
                    }
                )
        for agency_id, items_moved in moved.items():
            publish_on_commit("vehicle.positions", {"vehicles": items_moved}, [agency_id])
    return result


def _newer_than(field_name: str, moment: datetime) -> Any:
    from django.db.models import Q

    return Q(**{f"{field_name}__isnull": True}) | Q(**{f"{field_name}__lt": moment})


def _optional_number(raw: Any, low: float, high: float) -> float | None:
    if raw is None or raw == "":
        return None
    value = parse_number(raw, "bad_position")
    return value if low <= value <= high else None
