"""Which area a point falls in, answered from an in-memory spatial index.

The index is rebuilt when areas change in this process; every ``REFRESH_SECONDS`` a cheap
fingerprint query notices changes made by another process (an import from the CLI).
A saved area clears the check, but the index itself is only rebuilt when the fingerprint moved
(``updated_at`` changes on every save).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max

from kendali.cities.models import Area
from kendali.lib.cache import ProcessCache
from kendali.lib.geo import AreaIndex, IndexedArea, parse_area_geometry

REFRESH_SECONDS = 30.0

# The index is checked every REFRESH_SECONDS and rebuilt only when the fingerprint moved.
_checked = ProcessCache[str, tuple[tuple[Any, ...], AreaIndex]](
    "cities.area_index", REFRESH_SECONDS
)
_checked.forget_on(Area)
_built: list[tuple[tuple[Any, ...], AreaIndex]] = []  # the last index built, by its fingerprint


def _current_version() -> tuple[Any, ...]:
    """Cheap fingerprint of the area table: changes when an area is added, edited or removed."""
    summary = Area.objects.aggregate(count=Count("id"), latest=Max("updated_at"), top=Max("id"))
    return (summary["count"], summary["latest"], summary["top"])


def _index_of(version: tuple[Any, ...]) -> tuple[tuple[Any, ...], AreaIndex]:
    if _built and _built[0][0] == version:
        return _built[0]
    rows = Area.objects.values_list("id", "level", "geometry")
    index = AreaIndex(
        IndexedArea(pk, Area(level=level).depth, parse_area_geometry(geometry))
        for pk, level, geometry in rows
    )
    _built[:] = [(version, index)]
    return _built[0]


def get_index() -> AreaIndex:
    return _checked.get("index", lambda: _index_of(_current_version()))[1]


def invalidate() -> None:
    """Forget the index (an area changed in a way the fingerprint cannot see)."""
    _checked.clear()
    _built.clear()


def locate_area_id(latitude: float, longitude: float) -> int | None:
    return get_index().locate(longitude, latitude)


def inside_city(latitude: float, longitude: float) -> bool:
    return get_index().contains(longitude, latitude)
