"""OwnTracks location messages (https://owntracks.org/booklet/tech/json/), over MQTT
(``owntracks/<user>/<device>``) or HTTP. The tracker id is the device id from the topic or
the ``X-Limit-D`` header, or the message's ``tid``. Speed ``vel`` is km/h, ``cog`` degrees."""

from __future__ import annotations

from typing import Any

from kendali.lib.body import loads
from kendali.telemetry.ingest import RawPosition


def position_from(data: Any, tracker: str | None = None) -> RawPosition | None:
    """A position from one OwnTracks message; None for other message types (waypoints,
    transitions, cards), which carry no position to store."""
    if not isinstance(data, dict) or data.get("_type") != "location":
        return None
    return RawPosition(
        tracker=tracker or data.get("tid"),
        ts=data.get("tst"),
        latitude=data.get("lat"),
        longitude=data.get("lon"),
        speed=data.get("vel"),
        heading=data.get("cog"),
    )


def parse(body: bytes, tracker: str | None = None) -> RawPosition | None:
    try:
        return position_from(loads(body), tracker)
    except ValueError:
        return None
