"""Readings posted over HTTP: a JSON array, one JSON object, ``{"readings": [...]}``, or NDJSON
(one JSON object per line). Each reading is ``{"sensor": "<code>", "ts": ..., "value": ...}``;
``ts`` is ISO 8601 with an offset, or seconds (or milliseconds) since the epoch."""

from __future__ import annotations

from typing import Any

from kendali.lib.body import loads
from kendali.telemetry.ingest import RawReading


class PayloadError(ValueError):
    """The body as a whole cannot be read (not JSON, not a list or object)."""


def reading_from(item: Any) -> RawReading | None:
    """One reading, or None for something that is not one (rejected as malformed)."""
    if not isinstance(item, dict) or ("sensor" not in item and "code" not in item):
        return None
    return RawReading(
        sensor=item.get("sensor", item.get("code")),
        ts=item.get("ts", item.get("timestamp")),
        value=item.get("value"),
    )


def parse_json(body: bytes) -> list[RawReading | None]:
    try:
        data = loads(body)
    except ValueError:
        raise PayloadError("not JSON") from None
    if isinstance(data, dict) and isinstance(data.get("readings"), list):
        data = data["readings"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise PayloadError("not a list of readings")
    return [reading_from(item) for item in data]


def parse_ndjson(body: bytes) -> list[RawReading | None]:
    """One reading per line; a line that is not JSON is one rejected reading."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise PayloadError("not UTF-8") from None
    items: list[RawReading | None] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            items.append(reading_from(loads(line)))
        except ValueError:
            items.append(None)
    return items
