"""Public ticket codes: short, readable aloud, and not guessable from one another."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L or U: nothing a citizen can misread from a paper slip or mishear on the phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
_TICKET_RE = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_ticket() -> str:
    """Return a random ticket such as ``K7MQ-4XR9`` (30^8, about 6.6e11 possibilities)."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normalize_ticket(raw: str) -> str | None:
    """Turn what a person typed into a ticket code, or None when it cannot be one."""
    cleaned = re.sub(r"[\s\-_.]", "", raw or "").upper()
    if len(cleaned) != 8:
        return None
    candidate = f"{cleaned[:4]}-{cleaned[4:]}"
    return candidate if _TICKET_RE.match(candidate) else None
