"""The home page and robots.txt."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kendali.reports.access import public_reports
from kendali.reports.models import Category
from kendali.reports.stats import public_counts


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    recent = public_reports().select_related("category", "area").order_by("-created_at")[:6]
    return render(
        request,
        "portal/home.html",
        {
            "counts": public_counts(),
            "recent": recent,
            "categories": Category.objects.filter(is_active=True)[:16],
        },
    )


def robots(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /console/", "Disallow: /admin/", "Disallow: /lacak/"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
