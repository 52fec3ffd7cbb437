"""The video wall: full-screen panels for the command center's wall, legible from 3 metres.

Panels are server-rendered fragments; the page reloads each one when a live event arrives
(debounced) and once a minute, and reconnects to the event stream by itself after a drop.
Nothing on a panel names a person: tickets, categories, areas, statuses, counts.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

from asgiref.sync import sync_to_async
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_GET

from kendali.cities.choices import AreaLevel
from kendali.cities.models import Area
from kendali.insights import charts
from kendali.insights.access import sees_all_agencies
from kendali.insights.board import Board, current_span
from kendali.insights.choices import WallPanel
from kendali.insights.kpis import Scope, active_kpis, rollup_totals
from kendali.insights.models import WallScreen, default_panels
from kendali.lib.access import staff_required
from kendali.lib.broker import get_broker
from kendali.reports.choices import ReportStatus
from kendali.reports.models import Report
from kendali.telemetry.choices import CameraStatus
from kendali.telemetry.models import Camera, Sensor
from kendali.warnings.access import active_warnings

KEEPALIVE_SECONDS = 15
# What changes a panel; readings and vehicle positions arrive many times a second and change
# none (a sensor that reaches a Siaga level sends sensor.changed).
WALL_EVENTS = frozenset(
    {
        "report.created",
        "report.changed",
        "sensor.changed",
        "camera.changed",
        "warning.published",
        "warning.expired",
        "telemetry.alert",
    }
)
QUEUE_ROWS = 10


def _kpis() -> dict[str, Any]:
    span = current_span()
    board = Board(active_kpis(), span)
    return {
        "tiles": [r for r in board.tiles() if r.kpi.is_public or r.status != "grey"][:8],
        "span": span,
    }


def _queue() -> dict[str, Any]:
    rows = list(
        Report.objects.filter(status__in=ReportStatus.open_values())
        .select_related("category", "area", "agency")
        .only(
            "ticket",
            "status",
            "priority",
            "created_at",
            "category__name_ind",
            "category__name_en",
            "category__name_su",
            "area__name",
            "agency__short_name",
        )
        .order_by("-created_at")[:QUEUE_ROWS]
    )
    now = timezone.now()
    return {
        "reports": [(report, timesince(report.created_at, now, depth=1)) for report in rows],
        "open": Report.objects.filter(status__in=ReportStatus.open_values()).count(),
    }


def _map() -> dict[str, Any]:
    totals = rollup_totals(Scope(), None, "area_id")
    kecamatan = {a.pk: a for a in Area.objects.filter(level=AreaLevel.KECAMATAN)}
    parent = dict(Area.objects.values_list("id", "parent_id"))
    per: Counter[int] = Counter()
    for area_id, t in totals.items():
        top = area_id if isinstance(area_id, int) else None
        while top is not None and top not in kecamatan:
            top = parent.get(top)
        if top is not None:
            per[top] += t.counters["open"]
    return {
        "map": charts.choropleth(
            [(a.code, a.name, a.geometry, float(per.get(a.pk, 0))) for a in kecamatan.values()],
            "",
            width=640,
        ),
        "top": sorted(((kecamatan[k].name, n) for k, n in per.items() if n), key=lambda x: -x[1])[
            :5
        ],
    }


def _warnings() -> dict[str, Any]:
    return {"warnings": list(active_warnings()[:4])}


def _sensors() -> dict[str, Any]:
    at_level = Sensor.objects.filter(is_active=True, level__gt=0).order_by("-level", "name")[:8]
    colours = {1: "yellow", 2: "orange"}
    return {"sensors": [(s, colours.get(s.level, "red")) for s in at_level]}


def _cameras() -> dict[str, Any]:
    cameras = Camera.objects.filter(is_active=True)
    counts = Counter(cameras.values_list("status", flat=True))
    down = cameras.exclude(status=CameraStatus.ONLINE).order_by("name")[:6]
    return {
        "online": counts.get(CameraStatus.ONLINE, 0),
        "down": [(c, CameraStatus.color(c.status)) for c in down],
    }


PANELS: dict[str, Callable[[], dict[str, Any]]] = {
    WallPanel.KPIS: _kpis,
    WallPanel.QUEUE: _queue,
    WallPanel.MAP: _map,
    WallPanel.WARNINGS: _warnings,
    WallPanel.SENSORS: _sensors,
    WallPanel.CAMERAS: _cameras,
}


def _screen(secret: str) -> WallScreen:
    screen = WallScreen.matching(secret).first()
    if screen is None:
        raise Http404
    screen.touch()
    return screen


def _page(
    request: HttpRequest, panels: list[str], rotate: int, base: str, events: str
) -> HttpResponse:
    return render(
        request,
        "insights/wall/wall.html",
        {
            "panels": [(name, WallPanel(name).label, f"{base}panel/{name}/") for name in panels],
            "rotate": rotate,
            "events_url": events,
            "now": timezone.localtime(),
        },
    )


def _panel(request: HttpRequest, name: str) -> HttpResponse:
    build = PANELS.get(name)
    if build is None:
        raise Http404
    response = render(
        request, f"insights/wall/_{name}.html", {"now": timezone.localtime(), **build()}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@staff_required
def console_wall(request: HttpRequest) -> HttpResponse:
    """The wall for someone signed in with a city-wide read role (the mayor's own screen)."""
    if not sees_all_agencies(request.user):
        raise Http404
    return _page(request, default_panels(), 0, reverse("insights-console:wall"), reverse("events"))


@require_GET
@staff_required
def console_wall_panel(request: HttpRequest, name: str) -> HttpResponse:
    if not sees_all_agencies(request.user):
        raise Http404
    return _panel(request, name)


@require_GET
def kiosk_wall(request: HttpRequest, secret: str) -> HttpResponse:
    screen = _screen(secret)
    base = reverse("insights-wall:wall", args=[secret])
    return _page(request, list(screen.panels), screen.rotate_seconds, base, f"{base}events")


@require_GET
def kiosk_panel(request: HttpRequest, secret: str, name: str) -> HttpResponse:
    screen = _screen(secret)
    if name not in screen.panels:
        raise Http404
    return _panel(request, name)


async def kiosk_events(request: HttpRequest, secret: str) -> StreamingHttpResponse | HttpResponse:
    """A stream of "something changed" pings for one wall: no event data at all, so a wall's
    link shows nothing beyond its panels even to someone who copies it."""
    if request.method != "GET":
        return HttpResponse(status=405)
    screen = await sync_to_async(WallScreen.matching(secret).first)()
    if screen is None:
        return HttpResponse(status=404)
    subscription = get_broker().subscribe()

    async def stream() -> AsyncIterator[str]:
        try:
            yield "retry: 3000\n: connected\n\n"
            last = timezone.now() - timedelta(seconds=10)
            while True:
                event = await subscription.get(timeout=KEEPALIVE_SECONDS)
                if subscription.overflowed:
                    yield "event: reset\ndata: {}\n\n"
                    return
                if event is None:
                    yield ": keep-alive\n\n"
                elif (
                    event.kind in WALL_EVENTS
                    and not event.user_ids
                    and timezone.now() - last > timedelta(seconds=1)
                ):
                    last = timezone.now()
                    yield "event: changed\ndata: {}\n\n"
        except asyncio.CancelledError:
            raise
        finally:
            subscription.close()

    response = StreamingHttpResponse(stream(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
