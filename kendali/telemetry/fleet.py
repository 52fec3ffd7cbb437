"""Which vehicles are nearest to a place. Distances come from a :class:`Router`; the default
measures straight lines, and road routing (OSRM, Valhalla, GraphHopper) can implement the same
one method later without changing callers.

Only positions heard recently count (`KENDALI_VEHICLE_POSITION_MAX_MINUTES`): a truck last
seen an hour ago may be anywhere by now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from kendali.lib.geo import distance_m
from kendali.telemetry.choices import CATEGORY_VEHICLE_KINDS, VehicleStatus
from kendali.telemetry.models import Vehicle


@dataclass(frozen=True)
class Leg:
    metres: float
    seconds: float | None = None  # travel time, when the router knows it


class Router(Protocol):
    def legs(self, origin: tuple[float, float], points: Sequence[tuple[float, float]]) -> list[Leg]:
        """Distance (and time, if known) from each point to the origin, as (lat, lon)."""
        ...


class StraightLine:
    """Great-circle distance; no travel time."""

    def legs(self, origin: tuple[float, float], points: Sequence[tuple[float, float]]) -> list[Leg]:
        return [Leg(distance_m(lat, lon, origin[0], origin[1])) for lat, lon in points]


@dataclass(frozen=True)
class Nearby:
    vehicle: Vehicle
    metres: float
    seconds: float | None
    age_seconds: float  # how old the vehicle's last position is


def kinds_for_category(code: str) -> tuple[str, ...]:
    return tuple(str(kind) for kind in CATEGORY_VEHICLE_KINDS.get(code, ()))


def position_max_age() -> timedelta:
    return timedelta(minutes=settings.TELEMETRY_VEHICLE_POSITION_MAX_MINUTES)


def _available(vehicles: QuerySet[Vehicle], kinds: Sequence[str]) -> QuerySet[Vehicle]:
    return vehicles.filter(
        is_active=True, status=VehicleStatus.AVAILABLE, latitude__isnull=False
    ).filter(**({"kind__in": list(kinds)} if kinds else {}))


def stale_count(vehicles: QuerySet[Vehicle], *, kinds: Sequence[str] = ()) -> int:
    """Available vehicles left out of :func:`nearest_vehicles` because their position is old
    (or of unknown age)."""
    fresh_since = timezone.now() - position_max_age()
    return _available(vehicles, kinds).exclude(last_position_at__gte=fresh_since).order_by().count()


def nearest_vehicles(
    vehicles: QuerySet[Vehicle],
    latitude: float,
    longitude: float,
    *,
    kinds: Sequence[str] = (),
    limit: int = 5,
    router: Router | None = None,
) -> list[Nearby]:
    """Available vehicles with a recent position, of the given kinds (all kinds if none),
    nearest first."""
    now = timezone.now()
    candidates = list(
        _available(vehicles, kinds).filter(last_position_at__gte=now - position_max_age())
    )
    points: list[Any] = [(v.latitude, v.longitude) for v in candidates]
    legs = (router or StraightLine()).legs((latitude, longitude), points)
    found = [
        Nearby(v, leg.metres, leg.seconds, _age(v.last_position_at, now))
        for v, leg in zip(candidates, legs, strict=True)
    ]
    found.sort(
        key=lambda item: (
            item.seconds if item.seconds is not None else item.metres,
            item.vehicle.code,
        )
    )
    return found[:limit]


def _age(moment: datetime | None, now: datetime) -> float:
    assert moment is not None  # filtered on above
    return max(0.0, (now - moment).total_seconds())
