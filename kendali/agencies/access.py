"""Who may authenticate with a token, and what a role may do."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kendali.agencies.models import ApiToken, User, hash_token


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__agency")
        .filter(digest=hash_token(raw))
        .first()
    )
    if token is None or not token.is_usable:
        return None
    now = timezone.now()
    # Record use at most once a minute: a busy integration must not write on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
