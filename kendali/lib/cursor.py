"""Opaque keyset-paging cursors: (timestamp, id) pairs encoded for URLs."""

from __future__ import annotations

import base64
from datetime import datetime


class BadCursor(ValueError):
    pass


def encode_cursor(created_at: datetime, pk: int) -> str:
    raw = f"{created_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created_raw, pk_raw = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        created_at = datetime.fromisoformat(created_raw)
        pk = int(pk_raw)
    except (ValueError, UnicodeDecodeError):
        raise BadCursor("the cursor is not one this server gave out") from None
    if created_at.tzinfo is None or not 1970 <= created_at.year <= 2200:
        raise BadCursor("the cursor is not one this server gave out")
    return created_at, pk
