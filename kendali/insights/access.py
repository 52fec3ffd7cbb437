"""Who may see how services perform."""

from __future__ import annotations

from typing import Any

from kendali.agencies.choices import Role

CITY_WIDE = frozenset({Role.EXECUTIVE, Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN})


def sees_all_agencies(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "role", "") in CITY_WIDE)


def may_view_insights(user: Any) -> bool:
    """Executives, supervisors and auditors see every agency; agency admins their own."""
    if not getattr(user, "is_authenticated", False):
        return False
    return sees_all_agencies(user) or (
        getattr(user, "role", "") == Role.AGENCY_ADMIN and user.agency_id is not None
    )


def may_view_agency(user: Any, agency_id: int) -> bool:
    return sees_all_agencies(user) or (
        getattr(user, "role", "") == Role.AGENCY_ADMIN and user.agency_id == agency_id
    )


def may_view_dashboard(user: Any) -> bool:
    return sees_all_agencies(user) or getattr(user, "role", "") == Role.OPERATOR
