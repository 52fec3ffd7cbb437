"""Who may call Open311: integrations by API key, each within its own rate limit."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from kendali.open311.models import ApiKey, hash_key


def key_for(raw: str) -> ApiKey | None:
    """The active key with this secret, or None."""
    raw = (raw or "").strip()
    if not raw or len(raw) > 200:
        return None
    key = ApiKey.objects.select_related("update_user").filter(digest=hash_key(raw)).first()
    if key is None or not key.is_active:
        return None
    now = timezone.now()
    # Record use at most once a minute: a busy integration must not write on every request.
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
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
