"""Geometry helpers: GeoJSON parsing, point-in-polygon lookup with a spatial index, distances."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.validation import explain_validity


class GeometryError(ValueError):
    """A geometry that cannot be used as an area boundary."""


def parse_area_geometry(data: Any) -> MultiPolygon | Polygon:
    """Parse a GeoJSON Polygon or MultiPolygon (WGS 84, lon/lat) and check it is usable."""
    if not isinstance(data, dict) or "type" not in data:
        raise GeometryError("geometry must be a GeoJSON object with a type")
    if data["type"] not in {"Polygon", "MultiPolygon"}:
        raise GeometryError(f"geometry must be a Polygon or MultiPolygon, not {data['type']}")
    try:
        geometry = shape(data)
    except (ValueError, TypeError, IndexError, AttributeError, shapely.errors.GEOSException):
        raise GeometryError("geometry coordinates are malformed") from None
    if geometry.is_empty:
        raise GeometryError("geometry is empty")
    min_x, min_y, max_x, max_y = geometry.bounds
    if not (-180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90):
        raise GeometryError("coordinates must be longitude, latitude in degrees (WGS 84)")
    if not geometry.is_valid:
        raise GeometryError(f"geometry is not a valid polygon: {explain_validity(geometry)}")
    assert isinstance(geometry, Polygon | MultiPolygon)
    return geometry


def to_geojson(geometry: Polygon | MultiPolygon, precision: int = 6) -> dict[str, Any]:
    """GeoJSON for a geometry, coordinates rounded to ``precision`` decimals (6 ≈ 0.1 m)."""
    rounded = shapely.set_precision(geometry, 10**-precision) if precision else geometry
    return dict(mapping(rounded))


@dataclass(frozen=True)
class IndexedArea:
    id: int
    depth: int  # 0 for the city's top level; deeper areas win a lookup
    geometry: Polygon | MultiPolygon


class AreaIndex:
    """Find the deepest area that contains a point.

    Polygons sit in an STR-tree, so a lookup tests only the few polygons whose bounding boxes
    contain the point, and each polygon is prepared once for fast containment tests.
    """

    def __init__(self, areas: Iterable[IndexedArea]) -> None:
        self._areas: Sequence[IndexedArea] = list(areas)
        geometries = [area.geometry for area in self._areas]
        for geometry in geometries:
            shapely.prepare(geometry)
        self._tree = shapely.STRtree(geometries)
        top = [area.geometry for area in self._areas if area.depth == 0]
        self._outline = shapely.union_all(top) if top else None
        if self._outline is not None:
            shapely.prepare(self._outline)

    def __len__(self) -> int:
        return len(self._areas)

    def locate(self, longitude: float, latitude: float) -> int | None:
        """Return the id of the deepest area containing the point, or None outside all areas."""
        point = Point(longitude, latitude)
        hits = self._tree.query(point, predicate="intersects")
        best: IndexedArea | None = None
        for position in hits:
            area = self._areas[int(position)]
            if best is None or (area.depth, -area.id) > (best.depth, -best.id):
                best = area
        return best.id if best else None

    def contains(self, longitude: float, latitude: float) -> bool:
        """True when the point lies inside the union of the top-level areas."""
        if self._outline is None:
            return True
        return bool(self._outline.intersects(Point(longitude, latitude)))

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        if self._outline is None:
            return None
        min_x, min_y, max_x, max_y = self._outline.bounds
        return (min_x, min_y, max_x, max_y)


EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
