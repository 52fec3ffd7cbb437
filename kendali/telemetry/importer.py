"""Import sensors, cameras and vehicles from CSV or GeoJSON (Point features), all or nothing:
every row is checked first (by the importer, then by the models' own validation) and problems
name the row (CSV line or feature number); existing codes are updated. `kendali telemetry
import KIND FILE` shows a progress bar."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import DataError, IntegrityError, models, transaction
from django.utils import translation

from kendali.agencies.models import Agency
from kendali.audit.actions import record
from kendali.cities import lookup
from kendali.cities.models import Area
from kendali.reports.models import Category
from kendali.telemetry.choices import (
    RuleKind,
    SensorKind,
    StreamKind,
    VehicleKind,
    VehicleStatus,
)
from kendali.telemetry.models import TRACKER_ID_MIN_LENGTH, Camera, Rule, RuleState, Sensor, Vehicle

KINDS = ("sensors", "cameras", "vehicles")
# Spreadsheets in an Indonesian locale save CSV with semicolons (and decimal commas).
DELIMITERS = (",", ";", "\t")


class ImportProblems(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Row:
    where: str  # "line 4" or "feature 3"
    data: dict[str, Any]  # text, numbers or None
    decimal_comma: bool = False  # "-6,9" means -6.9 (a semicolon-separated CSV)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    warnings: list[str] = field(default_factory=list)


def read_rows(path: Path) -> list[Row]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportProblems(
            [
                f"line {line}: the file is not UTF-8 text; save it as UTF-8 "
                "(in a spreadsheet: CSV UTF-8) and import it again"
            ]
        ) from None
    if "\x00" in text:  # PostgreSQL cannot store it; a CSV saved as UTF-16 is full of them
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportProblems([f"line {line}: a NUL character; the file is not a text file"])
    if path.suffix.lower() in {".geojson", ".json"}:
        return rows_from_geojson(text)
    return rows_from_csv(text)


def rows_from_csv(text: str) -> list[Row]:
    # The header names the columns, which never contain a delimiter, so it tells which one the
    # file uses (a sniffer reading the rows would be misled by the ";" inside `levels`).
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        columns = [column.strip() for column in next(reader, [])]
        if not any(columns):
            raise ImportProblems(["line 1: the file is empty; the first line names the columns"])
        if "code" not in columns:
            raise ImportProblems(
                [
                    f"line 1: the header has no 'code' column (it reads {first_line[:80]!r}); "
                    "separate the columns with commas, semicolons or tabs"
                ]
            )
        start = reader.line_num + 1
        for values in reader:
            values = [value.strip() for value in values]
            if any(values):  # blank lines and the empty rows spreadsheets leave at the end
                data = {
                    column: value for column, value in zip(columns, values, strict=False) if column
                }
                rows.append(Row(f"line {start}", data, decimal_comma=delimiter == ";"))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportProblems([f"line {reader.line_num}: {exc}"]) from None
    return rows


def rows_from_geojson(text: str) -> list[Row]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ImportProblems([f"not JSON: {exc}"]) from None
    features = data.get("features") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(features, list)
    ):
        raise ImportProblems(
            [
                'expected a GeoJSON FeatureCollection: {"type": "FeatureCollection", '
                '"features": [...]}'
            ]
        )
    rows, problems = [], []
    for number, feature in enumerate(features, start=1):
        where = f"feature {number}"
        if not isinstance(feature, dict):
            problems.append(f"{where}: not a GeoJSON Feature object")
            continue
        properties = feature.get("properties")
        if properties is None:
            properties = {}
        if not isinstance(properties, dict):
            problems.append(f"{where}: properties must be an object")
            continue
        properties = dict(properties)
        for name, value in properties.items():
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (str, int, float))
            ):
                problems.append(f"{where}: property {name!r} must be text or a number")
            elif isinstance(value, str) and "\x00" in value:
                problems.append(f"{where}: property {name!r} holds a NUL character")
        geometry = feature.get("geometry")
        if geometry is not None:
            point = _point(geometry)
            if point is None:
                problems.append(
                    f"{where}: geometry must be a Point with [longitude, latitude] coordinates"
                )
            else:
                properties.setdefault("longitude", point[0])
                properties.setdefault("latitude", point[1])
        rows.append(Row(where, properties))
    if problems:
        raise ImportProblems(problems)
    return rows


def _point(geometry: Any) -> tuple[float, float] | None:
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        return None
    longitude, latitude = coordinates[0], coordinates[1]
    if any(isinstance(c, bool) or not isinstance(c, (int, float)) for c in (longitude, latitude)):
        return None
    return longitude, latitude


def _text(row: Row, name: str) -> str:
    value = row.data.get(name)
    return "" if value is None else str(value).strip()


def _number(raw: Any, decimal_comma: bool) -> float | None:
    """A finite number from text or JSON; None when it is not one (also inf and nan)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str):
        raw = raw.strip()
        if decimal_comma and "," in raw and "." not in raw:
            raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def _float(row: Row, name: str, problems: list[str], required: bool = True) -> float | None:
    raw = row.data.get(name)
    if raw is None or raw == "":
        if required:
            problems.append(f"{row.where}: {name} is required")
        return None
    value = _number(raw, row.decimal_comma)
    if value is None:
        problems.append(f"{row.where}: {name} must be a number, not {str(raw)[:40]!r}")
    return value


def _whole(row: Row, name: str, problems: list[str], low: int, high: int) -> int | None:
    value = _float(row, name, problems, required=False)
    if value is None:
        return None
    if not value.is_integer() or not low <= value <= high:
        problems.append(
            f"{row.where}: {name} must be a whole number from {low} to {high}, "
            f"not {row.data[name]!r}"
        )
        return None
    return int(value)


def _field_range(model: type[models.Model], name: str) -> tuple[int, int]:
    """The whole numbers a model field (and so the database) accepts."""
    low, high = -(2**63), 2**63 - 1
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    for validator in model_field.validators:
        if isinstance(validator, MinValueValidator):
            low = max(low, int(validator.limit_value))
        elif isinstance(validator, MaxValueValidator):
            high = min(high, int(validator.limit_value))
    return low, high


def _location(row: Row, problems: list[str]) -> tuple[float, float] | None:
    latitude = _float(row, "latitude", problems)
    longitude = _float(row, "longitude", problems)
    if latitude is None or longitude is None:
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        problems.append(f"{row.where}: coordinates out of range")
        return None
    return latitude, longitude


def _agency(row: Row, agencies: dict[str, Agency], problems: list[str]) -> Agency | None:
    code = _text(row, "agency")
    if not code:
        return None
    if code not in agencies:
        problems.append(f"{row.where}: unknown agency {code!r}")
    return agencies.get(code)


def _level_number(
    row: Row, name: str, levels: list[dict[str, Any]], problems: list[str]
) -> int | None:
    value = _float(row, name, problems, required=False)
    if value is None:
        return None
    if not value.is_integer() or not 1 <= value <= len(levels):
        problems.append(f"{row.where}: {name} must be one of the rule's levels (1-{len(levels)})")
        return None
    return int(value)


def _levels(row: Row, problems: list[str]) -> list[dict[str, Any]] | None:
    """``Siaga 4:100;Siaga 3:150`` → [{"name": "Siaga 4", "value": 100.0}, ...]"""
    levels: list[dict[str, Any]] = []
    for part in filter(None, (p.strip() for p in _text(row, "levels").split(";"))):
        name, _, raw = part.rpartition(":")
        value = _number(raw, row.decimal_comma)
        if value is None:
            levels = []
            break
        levels.append({"name": name.strip() or part, "value": value})
    if not levels:
        problems.append(f"{row.where}: levels must look like 'Siaga 4:100;Siaga 3:150'")
        return None
    return levels


def _rule(
    row: Row, levels: list[dict[str, Any]], categories: dict[str, Category], problems: list[str]
) -> dict[str, Any]:
    category = _text(row, "category")
    if category and category not in categories:
        problems.append(f"{row.where}: unknown category {category!r}")
    hysteresis = _float(row, "hysteresis", problems, required=False)
    if hysteresis is not None and hysteresis < 0:
        problems.append(f"{row.where}: hysteresis must be 0 or more, not {hysteresis:g}")
    return {
        "levels": levels,
        "category": categories.get(category),
        "duration_seconds": _whole(
            row, "duration_seconds", problems, *_field_range(Rule, "duration_seconds")
        )
        or 0,
        "hysteresis": max(hysteresis or 0, 0),
        "report_level": _level_number(row, "report_level", levels, problems) or 1,
        "warning_level": _level_number(row, "warning_level", levels, problems),
    }


def _model_problems(instance: models.Model, where: str, exclude: list[str]) -> list[str]:
    """The model's own validation (field limits, ``clean()``), so the rules live in one place.

    Foreign keys and uniqueness are checked by the importer with one query each, not per row.
    """
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        with translation.override("en"):  # like the rest of this command's output
            return [
                f"{where}: {'' if name == NON_FIELD_ERRORS else f'{name}: '}{message}"
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
    return []


def import_rows(
    kind: str,
    rows: list[Row],
    *,
    progress: Callable[[Iterable[Row]], Iterable[Row]] = lambda rows: rows,
) -> ImportResult:
    if kind not in KINDS:
        raise ImportProblems([f"unknown kind {kind!r}; choose from {', '.join(KINDS)}"])
    model: Any = {"sensors": Sensor, "cameras": Camera, "vehicles": Vehicle}[kind]
    code_length = model._meta.get_field("code").max_length
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    categories = {category.code: category for category in Category.objects.all()}
    trackers: dict[str, str] = {}  # tracker_id → the code of the vehicle that has it
    if kind == "vehicles":
        owners = Vehicle.objects.exclude(tracker_id=None).values_list("tracker_id", "code")
        trackers = {tracker: code for tracker, code in owners if tracker}
    located = kind in {"sensors", "cameras"}
    has_areas = located and Area.objects.exists()
    result = ImportResult()
    if located and not has_areas:
        result.warnings.append(
            f"warning: the city has no areas yet; the {kind} are imported without an area"
        )
    problems: list[str] = []
    prepared: list[tuple[Row, dict[str, Any], dict[str, Any] | None]] = []
    seen: dict[str, str] = {}  # code → where
    seen_trackers: dict[str, str] = {}
    for row in rows:
        before = len(problems)
        code = _text(row, "code")
        if not code or len(code) > code_length or not all(c.isalnum() or c in "-_." for c in code):
            problems.append(
                f"{row.where}: code is required ({code_length} letters, digits, - _ . at most)"
            )
            continue
        if code in seen:
            problems.append(f"{row.where}: code {code!r} appears twice (first on {seen[code]})")
        seen.setdefault(code, row.where)
        name = _text(row, "name")
        if not name:
            problems.append(f"{row.where}: name is required")
        fields: dict[str, Any] = {"name": name[:160]}
        rule: dict[str, Any] | None = None
        if located:
            location = _location(row, problems)
            if location:
                fields["latitude"], fields["longitude"] = location
                fields["area_id"] = lookup.locate_area_id(*location)
                if fields["area_id"] is None and has_areas:
                    result.warnings.append(
                        f"{row.where}: warning: {code!r} is outside every area of the city "
                        "(di luar wilayah kota); imported without an area"
                    )
            fields["agency"] = _agency(row, agencies, problems)
        if kind == "sensors":
            fields["kind"] = _text(row, "kind")
            if fields["kind"] not in SensorKind.values:
                problems.append(f"{row.where}: kind must be one of {', '.join(SensorKind.values)}")
            fields["unit"] = _text(row, "unit")[:20]
            fields["description"] = _text(row, "description")[:300]
            fields["min_value"] = _float(row, "min_value", problems, required=False)
            fields["max_value"] = _float(row, "max_value", problems, required=False)
            if _text(row, "levels"):
                levels = _levels(row, problems)
                if levels is not None:
                    rule = _rule(row, levels, categories, problems)
        elif kind == "cameras":
            for url_field in ("snapshot_url", "stream_url"):
                url = _text(row, url_field)
                if url:
                    try:
                        URLValidator(schemes=["http", "https"])(url)
                    except ValidationError:
                        problems.append(f"{row.where}: {url_field} is not an http(s) URL")
                elif url_field == "snapshot_url":
                    problems.append(f"{row.where}: snapshot_url is required")
                fields[url_field] = url
            stream_kind = _text(row, "stream_kind") or StreamKind.HLS
            if stream_kind not in StreamKind.values:
                problems.append(f"{row.where}: stream_kind must be hls, mjpeg or other")
            fields["stream_kind"] = stream_kind
        elif kind == "vehicles":
            fields["kind"] = _text(row, "kind")
            if fields["kind"] not in VehicleKind.values:
                problems.append(f"{row.where}: kind must be one of {', '.join(VehicleKind.values)}")
            fields["agency"] = _agency(row, agencies, problems)
            tracker = _text(row, "tracker_id")
            fields["tracker_id"] = tracker or None
            if tracker in seen_trackers:
                problems.append(
                    f"{row.where}: tracker_id {tracker!r} appears twice "
                    f"(first on {seen_trackers[tracker]})"
                )
            elif tracker:
                seen_trackers[tracker] = row.where
            if tracker and len(tracker) < TRACKER_ID_MIN_LENGTH:
                problems.append(
                    f"{row.where}: tracker_id must have at least {TRACKER_ID_MIN_LENGTH} "
                    "characters: it is the tracker's only secret (leave it empty and run "
                    "`kendali telemetry tracker new CODE` for a random one)"
                )
            if trackers.get(tracker, code) != code:
                problems.append(
                    f"{row.where}: tracker_id {tracker!r} already belongs to vehicle "
                    f"{trackers[tracker]!r}"
                )
            status = _text(row, "status") or VehicleStatus.AVAILABLE
            if status not in VehicleStatus.values:
                problems.append(
                    f"{row.where}: status must be one of {', '.join(VehicleStatus.values)}"
                )
            fields["status"] = status
        if rule is not None:
            # The rule holds only values the importer found sound, so this adds what it did not
            # check itself (the order of the levels, for one).
            threshold = Rule(name=f"Ambang {code}", kind=RuleKind.THRESHOLD, **rule)
            problems += _model_problems(threshold, row.where, ["sensor", "category"])
        if len(problems) == before:
            # What the importer checked is sound; now what the model says.
            instance = model(code=code, **fields)
            # tracker_id: its length is checked above, with a message that says what to do.
            problems += _model_problems(
                instance, row.where, ["code", "agency", "area", "tracker_id"]
            )
            if kind == "sensors":
                low, high = instance.plausible_range
                if low >= high:
                    problems.append(
                        f"{row.where}: min_value must be below max_value "
                        f"(the range would be {low:g} to {high:g})"
                    )
        prepared.append((row, {"code": code, **fields}, rule))
    if problems:
        raise ImportProblems(problems)

    by_row = {id(row): (fields, rule) for row, fields, rule in prepared}
    last: Any = None
    writing: Row | None = None
    try:
        with transaction.atomic():
            for writing in progress([row for row, _fields, _rule in prepared]):
                fields, rule = by_row[id(writing)]
                code = fields.pop("code")
                last, created = model.objects.update_or_create(code=code, defaults=fields)
                result.created += int(created)
                result.updated += int(not created)
                if rule is not None:
                    saved, _made = Rule.objects.update_or_create(
                        sensor=last,
                        name=f"Ambang {code}"[:160],  # the code is what stays the same
                        defaults={"kind": RuleKind.THRESHOLD, **rule},
                    )
                    RuleState.objects.get_or_create(rule=saved)
            if last is not None:
                record(
                    actor=None,
                    action=f"telemetry.import.{kind}",
                    obj=last,
                    source="cli",
                    after={"created": result.created, "updated": result.updated},
                )
    except (IntegrityError, DataError) as exc:
        # Checked above; this is a change made by someone else while the file was being read.
        where = writing.where if writing is not None else "the file"
        raise ImportProblems([f"{where}: the database refused the row: {exc}"]) from None
    if kind == "sensors":
        from kendali.telemetry.ingest import sensor_cache

        sensor_cache.clear()
    return result
