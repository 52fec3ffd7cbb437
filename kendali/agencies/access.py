"""Who may authenticate with a token, and what a role may do."""

from __future__ import annotations

from kendali.agencies.models import ApiToken, User


def user_for_token(raw: str, scope: str = "read") -> User | None:
    """The active user a bearer token with this scope belongs to, or None."""
    token = ApiToken.matching(raw).select_related("user", "user__agency").first()
    if token is None or not token.is_usable or not token.allows(scope):
        return None
    token.touch()
    return token.user
