"""The bell: a person's notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from kendali.lib.access import staff_required
from kendali.notify.actions import mark_read
from kendali.notify.models import Notification


@require_GET
@staff_required
def notifications(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    items = Notification.objects.filter(user=user).select_related("report")[:100]
    return render(request, "console/notifications.html", {"items": items})


@require_POST
@staff_required
def read_all(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    mark_read(user)
    return redirect("console:notifications")
