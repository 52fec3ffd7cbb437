"""The page about the command center on the public website."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kendali.cities.models import City
from kendali.lib.markdown import render_markdown


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    city = City.current()
    return render(
        request,
        "cities/portal/about.html",
        {
            "about_html": render_markdown(city.localized("about")) if city else "",
            "organisation_html": render_markdown(city.localized("organisation")) if city else "",
        },
    )
