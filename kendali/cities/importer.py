"""Import area boundaries from GeoJSON: check everything first, then write all or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from shapely.geometry import shape

from kendali.audit.actions import record
from kendali.cities.choices import AreaLevel
from kendali.cities.models import Area, City
from kendali.lib.geo import GeometryError, parse_area_geometry

MAX_PROBLEMS = 50


class AreaImportError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class AreaFeature:
    number: int
    code: str
    name: str
    level: str
    parent_code: str
    geometry: dict[str, Any]
    approximate: bool = False
    source: str = ""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    parents_found_by_location: int = 0
    codes: list[str] = field(default_factory=list)


def read_features(
    path: Path,
    *,
    code_field: str = "code",
    name_field: str = "name",
    parent_field: str = "parent",
    level: str | None = None,
) -> list[AreaFeature]:
    """Parse a GeoJSON FeatureCollection of areas; raise AreaImportError listing every problem
    with the line (for syntax errors) or the feature number (1-based) where it is."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AreaImportError([f"{path}: file not found"]) from None
    except OSError as exc:  # a directory, no permission, ...
        raise AreaImportError([f"{path}: cannot be read ({exc.strerror or exc})"]) from None
    except UnicodeDecodeError as exc:
        raise AreaImportError([f"{path}: not UTF-8 text (byte {exc.start})"]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AreaImportError(
            [f"{path}: line {exc.lineno}, column {exc.colno}: {exc.msg}"]
        ) from None
    except RecursionError:
        raise AreaImportError([f"{path}: JSON nested too deeply to be GeoJSON"]) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise AreaImportError([f"{path}: expected a GeoJSON FeatureCollection"])
    raw_features = data.get("features")
    if not isinstance(raw_features, list) or not raw_features:
        raise AreaImportError([f"{path}: the FeatureCollection has no features"])
    if level is not None and level not in AreaLevel.values:
        raise AreaImportError([f"unknown level {level!r} (use kecamatan or kelurahan)"])

    problems: list[str] = []
    features: list[AreaFeature] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(raw_features, start=1):
        where = f"feature {number}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: not a GeoJSON Feature object")
            continue
        props = raw.get("properties") or {}
        if not isinstance(props, dict):
            problems.append(f"{where}: properties must be an object")
            continue
        code = str(props.get(code_field) or "").strip()
        name = str(props.get(name_field) or "").strip()
        if name:
            where = f"feature {number} ({name})"
        feature_level = level or str(props.get("level") or "").strip().lower()
        if not feature_level:
            feature_level = AreaLevel.KELURAHAN if props.get(parent_field) else AreaLevel.KECAMATAN
        if not code:
            problems.append(f"{where}: property {code_field!r} (the area code) is missing")
        elif len(code) > 40:
            problems.append(f"{where}: code {code!r} is longer than 40 characters")
        elif code in seen:
            problems.append(f"{where}: code {code!r} repeats feature {seen[code]}")
        else:
            seen[code] = number
        if not name:
            problems.append(f"{where}: property {name_field!r} (the area name) is missing")
        elif len(name) > 120:
            problems.append(f"{where}: name is longer than 120 characters")
        if feature_level not in AreaLevel.values:
            problems.append(f"{where}: level {feature_level!r} is not kecamatan or kelurahan")
        try:
            parse_area_geometry(raw.get("geometry"))
        except GeometryError as exc:
            problems.append(f"{where}: {exc}")
        features.append(
            AreaFeature(
                number=number,
                code=code,
                name=name,
                level=feature_level,
                parent_code=str(props.get(parent_field) or "").strip(),
                geometry=raw.get("geometry") or {},
                approximate=bool(props.get("approximate", False)),
                source=str(props.get("source") or "")[:200],
            )
        )
        if len(problems) >= MAX_PROBLEMS:
            problems.append("... stopped after 50 problems")
            break
    if problems:
        raise AreaImportError(problems)
    return features


def import_areas(
    features: list[AreaFeature],
    city: City,
    *,
    progress: Callable[[Iterable[AreaFeature]], Iterable[AreaFeature]] = lambda items: items,
) -> ImportResult:
    """Create or update areas by code, kecamatan before kelurahan, in one transaction.

    A kelurahan without a parent code is placed in the kecamatan that contains its centre.
    """
    result = ImportResult()
    ordered = sorted(features, key=lambda f: (AreaLevel.depth(f.level), f.number))
    with transaction.atomic():
        by_code = {area.code: area for area in Area.objects.filter(city=city)}
        problems: list[str] = []
        for feature in progress(ordered):
            parent = None
            if feature.level == AreaLevel.KELURAHAN:
                parent = _find_parent(feature, by_code, result)
                if parent is None:
                    missing = (
                        f"with code {feature.parent_code!r}"
                        if feature.parent_code
                        else "contains it"
                    )
                    problems.append(
                        f"feature {feature.number} ({feature.name}): no kecamatan {missing}"
                    )
                    continue
            area = by_code.get(feature.code) or Area(city=city, code=feature.code)
            created = area.pk is None
            area.name = feature.name
            area.level = feature.level
            area.parent = parent
            area.geometry = feature.geometry
            area.is_approximate = feature.approximate
            area.source = feature.source
            area.save()
            by_code[area.code] = area
            result.codes.append(area.code)
            if created:
                result.created += 1
            else:
                result.updated += 1
        if problems:
            transaction.set_rollback(True)
            raise AreaImportError(problems)
        record(
            actor=None,
            action="areas.import",
            obj=city,
            after={"created": result.created, "updated": result.updated},
            source="cli",
        )
    return result


def _find_parent(
    feature: AreaFeature, by_code: dict[str, Area], result: ImportResult
) -> Area | None:
    if feature.parent_code:
        parent = by_code.get(feature.parent_code)
        return parent if parent is not None and parent.level == AreaLevel.KECAMATAN else None
    centre = shape(feature.geometry).representative_point()
    for area in by_code.values():
        if area.level == AreaLevel.KECAMATAN and shape(area.geometry).contains(centre):
            result.parents_found_by_location += 1
            return area
    return None
