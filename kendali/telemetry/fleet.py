"""Which vehicles are nearest to a place. Distances come from a :class:`Router`; the default
measures straight lines, and road routing (OSRM, Valhalla, GraphHopper) can implement the same
one method later without changing callers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import QuerySet

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


def kinds_for_category(code: str) -> tuple[str, ...]:
    return tuple(str(kind) for kind in CATEGORY_VEHICLE_KINDS.get(code, ()))


def nearest_vehicles(
    vehicles: QuerySet[Vehicle],
    latitude: float,
    longitude: float,
    *,
    kinds: Sequence[str] = (),
    limit: int = 5,
    router: Router | None = None,
) -> list[Nearby]:
    """Available vehicles with a known position, of the given kinds (all kinds if none),
    nearest first."""
    candidates = list(
        vehicles.filter(
            is_active=True, status=VehicleStatus.AVAILABLE, latitude__isnull=False
        ).filter(**({"kind__in": list(kinds)} if kinds else {}))
    )
    points: list[Any] = [(v.latitude, v.longitude) for v in candidates]
    legs = (router or StraightLine()).legs((latitude, longitude), points)
    found = [Nearby(v, leg.metres, leg.seconds) for v, leg in zip(candidates, legs, strict=True)]
    found.sort(
        key=lambda item: (
            item.seconds if item.seconds is not None else item.metres,
            item.vehicle.code,
        )
    )
    return found[:limit]
