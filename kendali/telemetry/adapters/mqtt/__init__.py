"""MQTT topics and payloads (docs/telemetry.md):

``<prefix>/sensors/<sensor_code>``  ``{"ts": ..., "value": ...}`` or a list of them
``<prefix>/readings``               ``[{"sensor": "<code>", "ts": ..., "value": ...}, ...]``
``<prefix>/vehicles/<tracker_id>``  an OwnTracks location message
``owntracks/<user>/<device>``       an OwnTracks location message (the app's own topic)

``<prefix>`` is ``kendali/<city slug>`` unless configured.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from kendali.lib.body import loads
from kendali.telemetry.adapters import owntracks
from kendali.telemetry.adapters.http import reading_from
from kendali.telemetry.ingest import RawPosition, RawReading

MAX_PAYLOAD = 1024 * 1024

logger = logging.getLogger("kendali.telemetry")


@dataclass
class Parsed:
    readings: list[RawReading | None] = field(default_factory=list)
    positions: list[RawPosition | None] = field(default_factory=list)


def parse_message(prefix: str, topic: str, payload: bytes) -> Parsed:
    """What one message carries. A message that cannot be read counts as one rejected item."""
    try:
        return _parse(prefix, topic, payload)
    except Exception:  # whatever a device sends, it never stops the ingestor
        logger.warning("mqtt: unreadable message on %s", topic[:200])
        return Parsed(readings=[None])


def _parse(prefix: str, topic: str, payload: bytes) -> Parsed:
    parsed = Parsed()
    rest = topic[len(prefix) + 1 :] if topic.startswith(prefix + "/") else None
    parts = topic.split("/")
    if rest is None and len(parts) == 3 and parts[0] == "owntracks":
        parsed.positions.append(owntracks.parse(payload, tracker=parts[2]))
        return parsed
    if rest is None:
        parsed.readings.append(None)
        return parsed
    try:
        data = loads(payload) if len(payload) <= MAX_PAYLOAD else None
    except ValueError:
        data = None
    kind, _, name = rest.partition("/")
    if kind == "sensors" and name and "/" not in name:
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict):
                parsed.readings.append(RawReading(name, item.get("ts"), item.get("value")))
            else:
                parsed.readings.append(None)
    elif kind == "readings" and not name:
        items = data if isinstance(data, list) else [data]
        parsed.readings.extend(reading_from(item) for item in items)
    elif kind == "vehicles" and name and "/" not in name:
        parsed.positions.append(owntracks.position_from(data, tracker=name))
    else:
        parsed.readings.append(None)
    return parsed
