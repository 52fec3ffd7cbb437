"""Who may call Open311: integrations by API key, each within its own rate limit."""

from __future__ import annotations

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from kendali.open311.models import ApiKey


def key_for(raw: str, scope: str = "write") -> ApiKey | None:
    """The active, unexpired key with this secret and scope, or None."""
    key = ApiKey.matching(raw).select_related("update_user").first()
    if key is None or not key.allows(scope):
        return None
    key.touch()
    return key


def over_rate(request: HttpRequest, key: ApiKey) -> bool:
    """Count this request against the key's own limit; True when the limit is used up."""
    return bool(
        is_ratelimited(
            request,
            group="open311.key",
            key=lambda _group, _request: str(key.pk),
            rate=key.rate,
            increment=True,
        )
    )


def may_manage_keys(user: object) -> bool:
    """The city's IT team (admin) and supervisors issue and revoke keys of integrations."""
    return bool(getattr(user, "is_supervisor", False))
