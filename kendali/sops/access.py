"""Who may write, review and carry out SOPs. Shared by the console pages, the API and actions."""

from __future__ import annotations

from typing import Any

from kendali.agencies.choices import READ_ONLY_ROLES, Role
from kendali.sops.models import Step

# Roles that may also complete the steps of the role they stand above.
COVERS = {
    Role.SUPERVISOR: {Role.OPERATOR},
    Role.ADMIN: {Role.OPERATOR, Role.SUPERVISOR},
    Role.AGENCY_ADMIN: {Role.AGENCY_OFFICER},
}


def may_author(user: Any) -> bool:
    """Operators, supervisors and admins write SOP drafts."""
    return bool(user.is_supervisor or user.role == Role.OPERATOR)


def may_review(user: Any) -> bool:
    """Supervisors and admins approve, publish and retire versions (never their own draft:
    the actions check that)."""
    return bool(user.is_supervisor)


def may_own_steps(role: str) -> bool:
    """Executives and auditors read everything and change nothing, so no step is theirs."""
    return role not in READ_ONLY_ROLES


def may_complete(user: Any, step: Step, report: Any) -> bool:
    """The step's owner role (or the role above it); agency steps only for the handling agency,
    or a supervisor standing in. Never a read-only role, whatever the step says."""
    if not may_own_steps(user.role):
        return False
    agency_step = step.owner_role in {Role.AGENCY_OFFICER, Role.AGENCY_ADMIN}
    if agency_step and not (user.is_agency_staff and user.agency_id == report.agency_id):
        return bool(user.is_supervisor)
    return bool(user.role == step.owner_role or step.owner_role in COVERS.get(user.role, set()))


def may_override(user: Any) -> bool:
    """Supervisors may resolve a report whose required SOP steps are still open, with a reason."""
    return bool(getattr(user, "is_supervisor", False))
