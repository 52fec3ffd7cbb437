"""Which area a point falls in, answered from an in-memory spatial index.

The index is rebuilt when areas change in this process, and at most every
``REFRESH_SECONDS`` to pick up changes made by another process (an import from the CLI).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db.models.signals import post_delete, post_save

from kendali.cities.models import Area
from kendali.lib.geo import AreaIndex, IndexedArea, parse_area_geometry

REFRESH_SECONDS = 30.0

_lock = threading.Lock()
_index: AreaIndex | None = None
_built_at = 0.0


def get_index() -> AreaIndex:
    global _index, _built_at
    with _lock:
        if _index is None or time.monotonic() - _built_at > REFRESH_SECONDS:
            rows = Area.objects.values_list("id", "level", "geometry")
            _index = AreaIndex(
                IndexedArea(pk, Area(level=level).depth, parse_area_geometry(geometry))
                for pk, level, geometry in rows
            )
            _built_at = time.monotonic()
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
