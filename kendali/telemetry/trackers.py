"""GPS trackers (OsmAnd, Traccar Client, OwnTracks): what every tracker endpoint answers.

These apps send nothing but a tracker id, so the id is the secret. Answers never tell whether
an id exists: a well-formed position answers the same for a known id, an unknown one and
another agency's vehicle (nothing is stored for the last two), and a malformed one is refused
before the id is looked at. Each id has its own rate limit, counted alike for every id.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja import Schema
from pydantic import Field

from kendali.lib.errors import Invalid, TooManyRequests
from kendali.telemetry.ingest import ingest_positions

logger = logging.getLogger("kendali.telemetry")


class PositionReceived(Schema):
    received: int = Field(
        description="1: the position was well formed. The same answer whether "
        "or not the tracker id belongs to a vehicle, so ids cannot be probed."
    )


def tracker_rate_exceeded(request: HttpRequest, tracker: Any) -> bool:
    """Count a position against its tracker id's own limit (known or not, alike)."""
    if not tracker or not settings.GPS_TRACKER_RATE:
        return False
    digest = hashlib.sha256(str(tracker).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return bool(
        is_ratelimited(
            request,
            group="gps.tracker",
            key=lambda _group, _request: digest,
            rate=settings.GPS_TRACKER_RATE,
            increment=True,
        )
    )


def ingest_tracker_position(
    request: HttpRequest, position: Any, *, agency_id: int | None, source: str
) -> None:
    """Store one tracker position, or raise a 4xx: 400 for a malformed or impossible position,
    429 over the tracker's limit. An unknown id (or another agency's vehicle) is not refused:
    it answers like a stored position, and nothing is stored."""
    if position is not None and tracker_rate_exceeded(request, position.tracker):
        raise TooManyRequests(_("Terlalu banyak posisi dari pelacak ini. Kirim lebih jarang."))
    result = ingest_positions([position], agency_id=agency_id, source=source)
    if result.rejected and "unknown_vehicle" in result.reasons:
        logger.info("a %s position for an unknown tracker id was dropped", source)
    elif result.rejected:
        raise Invalid(_("Posisi ditolak."), {"position": result.errors[0]["message"]})
