"""Areas API: the city's kecamatan and kelurahan, as a list or as GeoJSON for maps."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from kendali.cities.choices import AreaLevel
from kendali.cities.models import Area, City

router = Router(tags=["areas"])


class AreaOut(Schema):
    code: str
    name: str
    level: AreaLevel
    parent: str | None
    latitude: float
    longitude: float
    approximate: bool


class AreaQuery(Schema):
    level: AreaLevel | None = None
    parent: str = Field(default="", description="Code of the kecamatan whose kelurahan to list")


def _areas(filters: AreaQuery) -> Any:
    areas = Area.objects.select_related("parent").order_by("level", "name")
    if filters.level:
        areas = areas.filter(level=filters.level)
    if filters.parent:
        areas = areas.filter(parent__code=filters.parent)
    return areas


@router.get("/areas", response=list[AreaOut], summary="Areas (kecamatan, kelurahan)")
def list_areas(request: HttpRequest, filters: Query[AreaQuery]) -> list[dict[str, Any]]:
    return [
        {
            "code": area.code,
            "name": area.name,
            "level": area.level,
            "parent": area.parent.code if area.parent else None,
            "latitude": area.centroid_lat,
            "longitude": area.centroid_lon,
            "approximate": area.is_approximate,
        }
        for area in _areas(filters)
    ]


@router.get("/map/areas", response=dict, summary="Area polygons as GeoJSON")
def area_map(request: HttpRequest, filters: Query[AreaQuery]) -> dict[str, Any]:
    city = City.current()
    return {
        "type": "FeatureCollection",
        "city": {"name": city.name, "latitude": city.latitude, "longitude": city.longitude}
        if city
        else None,
        "features": [
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {
                    "code": area.code,
                    "name": area.name,
                    "level": area.level,
                    "approximate": area.is_approximate,
                },
            }
            for area in _areas(filters)
        ],
    }
