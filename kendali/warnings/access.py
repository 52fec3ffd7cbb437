"""Which warnings the public sees, and who may work on drafts."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from kendali.warnings.choices import MessageType, WarningState
from kendali.warnings.models import PublicWarning


def active_warnings() -> QuerySet[PublicWarning]:
    """Published messages not yet expired (alerts, updates and cancellations), newest first."""
    return PublicWarning.objects.filter(
        state=WarningState.PUBLISHED, expires__gt=timezone.now()
    ).order_by("-sent", "-id")


def banner_warnings() -> list[PublicWarning]:
    """Active alerts and updates (not cancellations) for the portal's banner, cached briefly."""
    from kendali.warnings.actions import CACHE_VERSION_KEY

    key = f"warnings:banner:{cache.get(CACHE_VERSION_KEY, 0)}"
    rows: list[PublicWarning] | None = cache.get(key)
    if rows is None:
        rows = list(
            active_warnings().exclude(msg_type=MessageType.CANCEL).prefetch_related("areas")[:5]
        )
        cache.set(key, rows, 30)
    return [w for w in rows if w.expires > timezone.now()]


def public_warning(identifier: str) -> PublicWarning | None:
    """A published message by its CAP identifier (any state after publishing), or None."""
    return (
        PublicWarning.objects.filter(identifier=identifier, sent__isnull=False)
        .prefetch_related("areas")
        .first()
    )


def may_draft(user: object) -> bool:
    """The command center drafts warnings (a supervisor approves them)."""
    return bool(getattr(user, "is_center_staff", False))
