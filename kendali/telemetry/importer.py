"""Import sensors, cameras and vehicles from CSV or GeoJSON (Point features), all or nothing:
every row is checked first and problems name the row (CSV line or feature number); existing
codes are updated. `kendali telemetry import KIND FILE` shows a progress bar."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from kendali.agencies.models import Agency
from kendali.audit.actions import record
from kendali.cities import lookup
from kendali.reports.models import Category
from kendali.telemetry.choices import (
    RuleKind,
    SensorKind,
    StreamKind,
    VehicleKind,
    VehicleStatus,
)
from kendali.telemetry.models import Camera, Rule, RuleState, Sensor, Vehicle

KINDS = ("sensors", "cameras", "vehicles")


class ImportProblems(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Row:
    where: str  # "line 4" or "feature 3"
    data: dict[str, Any]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def read_rows(path: Path) -> list[Row]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in {".geojson", ".json"}:
        return rows_from_geojson(text)
    return rows_from_csv(text)


def rows_from_csv(text: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    return [
        Row(f"line {number}", {k.strip(): (v or "").strip() for k, v in row.items() if k})
        for number, row in enumerate(reader, start=2)
    ]


def rows_from_geojson(text: str) -> list[Row]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ImportProblems([f"not JSON: {exc}"]) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise ImportProblems(["expected a GeoJSON FeatureCollection"])
    rows = []
    for number, feature in enumerate(features, start=1):
        properties = dict(feature.get("properties") or {}) if isinstance(feature, dict) else {}
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if isinstance(geometry, dict) and geometry.get("type") == "Point":
            coordinates = geometry.get("coordinates") or []
            if len(coordinates) >= 2:
                properties.setdefault("longitude", coordinates[0])
                properties.setdefault("latitude", coordinates[1])
        rows.append(Row(f"feature {number}", properties))
    return rows


def _float(
    data: dict[str, Any], name: str, problems: list[str], where: str, required: bool = True
) -> float | None:
    raw = data.get(name)
    if raw in (None, ""):
        if required:
            problems.append(f"{where}: {name} is required")
        return None
    try:
        return float(raw)
    except (TypeError, ValueError):
        problems.append(f"{where}: {name} must be a number, not {raw!r}")
        return None


def _location(row: Row, problems: list[str]) -> tuple[float, float] | None:
    latitude = _float(row.data, "latitude", problems, row.where)
    longitude = _float(row.data, "longitude", problems, row.where)
    if latitude is None or longitude is None:
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        problems.append(f"{row.where}: coordinates out of range")
        return None
    return latitude, longitude


def _agency(row: Row, agencies: dict[str, Agency], problems: list[str]) -> Agency | None:
    code = str(row.data.get("agency") or "").strip()
    if not code:
        return None
    if code not in agencies:
        problems.append(f"{row.where}: unknown agency {code!r}")
    return agencies.get(code)


def _warning_level(
    data: dict[str, Any], levels: list[dict[str, Any]], problems: list[str], where: str
) -> int | None:
    value = _float(data, "warning_level", problems, where, False)
    if value is None:
        return None
    if not value.is_integer() or not 1 <= value <= len(levels):
        problems.append(
            f"{where}: warning_level must be one of the rule's levels (1-{len(levels)})"
        )
        return None
    return int(value)


def _levels(raw: str, where: str, problems: list[str]) -> list[dict[str, Any]]:
    """``Siaga 4:100;Siaga 3:150`` → [{"name": "Siaga 4", "value": 100.0}, ...]"""
    levels = []
    for part in filter(None, (p.strip() for p in raw.split(";"))):
        name, _, value = part.rpartition(":")
        try:
            levels.append({"name": name.strip() or part, "value": float(value)})
        except ValueError:
            problems.append(f"{where}: levels must look like 'Siaga 4:100;Siaga 3:150'")
            return []
    return levels


def import_rows(
    kind: str,
    rows: list[Row],
    *,
    progress: Callable[[Iterable[Row]], Iterable[Row]] = lambda rows: rows,
) -> ImportResult:
    if kind not in KINDS:
        raise ImportProblems([f"unknown kind {kind!r}; choose from {', '.join(KINDS)}"])
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    categories = {category.code: category for category in Category.objects.all()}
    problems: list[str] = []
    prepared: list[tuple[Row, dict[str, Any], dict[str, Any] | None]] = []
    seen: set[str] = set()
    for row in rows:
        data = row.data
        code = str(data.get("code") or "").strip()
        if not code or len(code) > 64 or not all(c.isalnum() or c in "-_." for c in code):
            problems.append(f"{row.where}: code is required (letters, digits, - _ .)")
            continue
        if code in seen:
            problems.append(f"{row.where}: code {code!r} appears twice")
        seen.add(code)
        name = str(data.get("name") or "").strip()
        if not name:
            problems.append(f"{row.where}: name is required")
        fields: dict[str, Any] = {"name": name[:160]}
        rule: dict[str, Any] | None = None
        if kind in {"sensors", "cameras"}:
            location = _location(row, problems)
            if location:
                fields["latitude"], fields["longitude"] = location
                fields["area_id"] = lookup.locate_area_id(*location)
            fields["agency"] = _agency(row, agencies, problems)
        if kind == "sensors":
            if data.get("kind") not in SensorKind.values:
                problems.append(f"{row.where}: kind must be one of {', '.join(SensorKind.values)}")
            fields["kind"] = data.get("kind")
            fields["unit"] = str(data.get("unit") or "")[:20]
            fields["description"] = str(data.get("description") or "")[:300]
            fields["min_value"] = _float(data, "min_value", problems, row.where, required=False)
            fields["max_value"] = _float(data, "max_value", problems, row.where, required=False)
            if data.get("levels"):
                levels = _levels(str(data["levels"]), row.where, problems)
                category = str(data.get("category") or "")
                if category and category not in categories:
                    problems.append(f"{row.where}: unknown category {category!r}")
                rule = {
                    "levels": levels,
                    "category": categories.get(category),
                    "duration_seconds": int(
                        _float(data, "duration_seconds", problems, row.where, False) or 0
                    ),
                    "hysteresis": _float(data, "hysteresis", problems, row.where, False) or 0,
                    "report_level": int(
                        _float(data, "report_level", problems, row.where, False) or 1
                    ),
                    "warning_level": _warning_level(data, levels, problems, row.where),
                }
        elif kind == "cameras":
            for url_field in ("snapshot_url", "stream_url"):
                url = str(data.get(url_field) or "").strip()
                if url:
                    try:
                        URLValidator(schemes=["http", "https"])(url)
                    except ValidationError:
                        problems.append(f"{row.where}: {url_field} is not an http(s) URL")
                elif url_field == "snapshot_url":
                    problems.append(f"{row.where}: snapshot_url is required")
                fields[url_field] = url
            stream_kind = str(data.get("stream_kind") or StreamKind.HLS)
            if stream_kind not in StreamKind.values:
                problems.append(f"{row.where}: stream_kind must be hls, mjpeg or other")
            fields["stream_kind"] = stream_kind
        elif kind == "vehicles":
            if data.get("kind") not in VehicleKind.values:
                problems.append(f"{row.where}: kind must be one of {', '.join(VehicleKind.values)}")
            fields["kind"] = data.get("kind")
            fields["agency"] = _agency(row, agencies, problems)
            fields["tracker_id"] = str(data.get("tracker_id") or "").strip() or None
            status = str(data.get("status") or VehicleStatus.AVAILABLE)
            if status not in VehicleStatus.values:
                problems.append(
                    f"{row.where}: status must be one of {', '.join(VehicleStatus.values)}"
                )
            fields["status"] = status
        prepared.append((row, {"code": code, **fields}, rule))
    if problems:
        raise ImportProblems(problems)

    model: Any = {"sensors": Sensor, "cameras": Camera, "vehicles": Vehicle}[kind]
    result = ImportResult()
    by_row = {id(row): (fields, rule) for row, fields, rule in prepared}
    last: Any = None
    with transaction.atomic():
        for row in progress([row for row, _fields, _rule in prepared]):
            fields, rule = by_row[id(row)]
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
    if kind == "sensors":
        from kendali.telemetry.ingest import sensor_cache

        sensor_cache.clear()
    return result
