"""The OsmAnd protocol as Traccar speaks it (https://www.traccar.org/osmand/): the Traccar
Client app, OsmAnd's online tracking and many GPS trackers send
``?id=DEVICE&lat=..&lon=..&timestamp=..&speed=..&bearing=..`` as a GET or POST query string,
or as a form body. Speed is in knots; timestamp in epoch seconds or ISO 8601."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from kendali.telemetry.ingest import RawPosition

KNOTS_TO_KMH = 1.852


def _number(raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return float(raw)
    except (TypeError, ValueError):
        return raw  # left as text: the ingest check rejects it with a reason


def position_from(params: Mapping[str, Any]) -> RawPosition:
    """A position from the query parameters; Traccar's newer JSON form nests them under
    ``location.coords``."""
    speed = _number(params.get("speed"))
    timestamp = params.get("timestamp")
    if isinstance(timestamp, str) and timestamp.replace(".", "", 1).isdigit():
        timestamp = float(timestamp)
    return RawPosition(
        tracker=params.get("id") or params.get("deviceid"),
        ts=timestamp,
        latitude=_number(params.get("lat")),
        longitude=_number(params.get("lon")),
        speed=speed * KNOTS_TO_KMH if isinstance(speed, float) else speed,
        heading=_number(params.get("bearing") or params.get("heading")),
    )


def position_from_json(data: Any) -> RawPosition | None:
    """Traccar Client 9+ posts JSON: {"device_id": .., "location": {"timestamp": ..,
    "coords": {"latitude": .., "longitude": .., "speed": m/s, "heading": ..}}}."""
    if not isinstance(data, dict) or not isinstance(data.get("location"), dict):
        return None
    location = data["location"]
    coords = location.get("coords") if isinstance(location.get("coords"), dict) else {}
    speed = _finite(coords.get("speed"))
    heading = _finite(coords.get("heading"))
    return RawPosition(
        tracker=data.get("device_id"),
        ts=location.get("timestamp"),
        latitude=coords.get("latitude"),
        longitude=coords.get("longitude"),
        speed=speed * 3.6 if speed is not None and speed >= 0 else None,  # m/s to km/h
        heading=heading if heading is not None and heading >= 0 else None,
    )


def _finite(raw: Any) -> float | None:
    """A finite number, or None (a device's optional extras never reject its position)."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    try:
        value = float(raw)
    except OverflowError:
        return None
    return value if math.isfinite(value) and value < 1e9 else None
