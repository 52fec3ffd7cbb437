"""How long a staff session lasts: an idle limit and an absolute limit from the login.

The login time and the last request's time are kept in the session (seconds since the epoch);
`kendali/agencies/middleware.SessionLimits` ends a session past either limit.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.utils import timezone

LOGIN_AT = "kendali_login_at"
SEEN_AT = "kendali_seen_at"
# The last request's time is written at most this often (seconds): a session is not saved on
# every request.
SEEN_RESOLUTION = 60


def expired(login_at: float | None, seen_at: float | None, now: float) -> bool:
    """Past the absolute limit from the login, or idle past the idle limit."""
    if login_at is not None and now - login_at > settings.SESSION_MAX_HOURS * 3600:
        return True
    return seen_at is not None and now - seen_at > settings.SESSION_IDLE_MINUTES * 60


def clear_expired() -> int:
    """Delete sessions past their expiry (the session clean-up job); returns how many went."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = getattr(store, "get_model_class", None)
    if model is None:  # a cache or cookie engine expires sessions by itself
        store.clear_expired()
        return 0
    deleted, _ = model().objects.filter(expire_date__lt=timezone.now()).delete()
    return int(deleted)
