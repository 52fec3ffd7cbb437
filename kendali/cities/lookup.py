"""Which area a point falls in, answered from an in-memory spatial index.

The index is rebuilt when areas change in this process; every ``REFRESH_SECONDS`` a cheap
fingerprint query notices changes made by another process (an import from the CLI).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save

from kendali.cities.models import Area
from kendali.lib.geo import AreaIndex, IndexedArea, parse_area_geometry

REFRESH_SECONDS = 30.0

_lock = threading.Lock()
_index: AreaIndex | None = None
_version: tuple[Any, ...] | None = None
_checked_at = 0.0


def _current_version() -> tuple[Any, ...]:
    """Cheap fingerprint of the area table: changes when an area is added, edited or removed."""
    summary = Area.objects.aggregate(count=Count("id"), latest=Max("updated_at"), top=Max("id"))
    return (summary["count"], summary["latest"], summary["top"])


def get_index() -> AreaIndex:
    global _index, _version, _checked_at
    with _lock:
        now = time.monotonic()
        if _index is not None and now - _checked_at < REFRESH_SECONDS:
            return _index
        version = _current_version()
        _checked_at = now
        if _index is None or version != _version:
            rows = Area.objects.values_list("id", "level", "geometry")
            _index = AreaIndex(
                IndexedArea(pk, Area(level=level).depth, parse_area_geometry(geometry))
                for pk, level, geometry in rows
            )
            _version = version
        return _index


def invalidate(**_kwargs: Any) -> None:
    global _index
    with _lock:
        _index = None


def locate_area_id(latitude: float, longitude: float) -> int | None:
    return get_index().locate(longitude, latitude)


def inside_city(latitude: float, longitude: float) -> bool:
    return get_index().contains(longitude, latitude)


post_save.connect(invalidate, sender=Area, dispatch_uid="cities.lookup.save")
post_delete.connect(invalidate, sender=Area, dispatch_uid="cities.lookup.delete")
