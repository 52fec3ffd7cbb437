"""Who may read the audit trail."""

from __future__ import annotations

from typing import Any

# Role codes of agencies.choices.Role, named here because the audit app sits below agencies.
AUDIT_READERS = frozenset({"auditor", "admin", "executive"})


def may_read_audit(user: Any) -> bool:
    """The Inspektorat (auditor), the city's administrators and executives."""
    return getattr(user, "role", None) in AUDIT_READERS
