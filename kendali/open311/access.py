"""Who may call Open311 (integrations by API key, each within its own rate limit) and which
requests it lists."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from kendali.open311.models import ApiKey
from kendali.reports.choices import ReportStatus
from kendali.reports.models import Report


def listed_requests() -> QuerySet[Report]:
    """Requests an Open311 list shows: the public reports, and those the command center turned
    down (rejected, duplicate), which Open311 calls closed; never a confidential one."""
    turned_down = [ReportStatus.REJECTED, ReportStatus.DUPLICATE]
    return Report.objects.filter(
        is_confidential=False, status__in=[*ReportStatus.public_values(), *turned_down]
    )


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
