"""Links to a report: the public tracking page and the console page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from kendali.lib.links import absolute


def tracking_url(request: HttpRequest | None, report: Any) -> str:
    """The public tracking page, absolute whenever the public URL or the request is known."""
    return absolute(request, reverse("reports-portal:track-detail", args=[report.ticket]))


def console_url(report: Any) -> str:
    """The report's page in the console (a path: bells link within the console)."""
    return reverse("reports-console:detail", args=[report.ticket])
