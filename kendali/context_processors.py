from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kendali.cities.models import City


def kendali(request: HttpRequest) -> dict[str, Any]:
    """The city and map settings every page needs."""
    city = getattr(request, "_kendali_city", None)
    if city is None:
        city = City.current()
        request._kendali_city = city  # type: ignore[attr-defined]
    context = {
        "city": city,
        "tile_url": settings.TILE_URL,
        "tile_attribution": settings.TILE_ATTRIBUTION,
    }
    user = getattr(request, "user", None)
    if request.path.startswith("/console/") and user is not None and user.is_authenticated:
        from kendali.notify.models import Notification

        context["unread_notifications"] = Notification.objects.filter(
            user=user, read_at__isnull=True
        ).count()
    return context
