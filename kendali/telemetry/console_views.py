"""Console pages for telemetry: the overview with equipment alerts, a sensor's charts, the
camera wall, the fleet, and the nearest vehicles on a report's page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kendali.lib.access import staff_required
from kendali.lib.errors import ActionError, Invalid, NotFound
from kendali.reports.access import access_report, can_act, visible_reports
from kendali.telemetry import actions, fleet, probes
from kendali.telemetry.access import (
    access_alert,
    access_camera,
    access_vehicle,
    visible_alerts,
    visible_cameras,
    visible_sensors,
    visible_vehicles,
)
from kendali.telemetry.charts import line_chart
from kendali.telemetry.choices import CameraStatus, VehicleStatus
from kendali.telemetry.models import Dispatch, ReadingHour, ReadingMinute, RuleEvent
from kendali.telemetry.rules import latest_readings, thresholds


def _not_found(exc: NotFound) -> Http404:
    return Http404(exc.message)


@require_GET
@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    sensors = list(visible_sensors(request.user).filter(is_active=True).select_related("area"))
    latest = latest_readings([s.pk for s in sensors])
    rows = [(sensor, latest.get(sensor.pk)) for sensor in sensors]
    rows.sort(key=lambda row: (-row[0].level, row[0].kind, row[0].name))
    alerts = list(visible_alerts(request.user).filter(closed_at=None)[:50])
    return render(request, "telemetry/console/overview.html", {"rows": rows, "alerts": alerts})


@require_GET
@staff_required
def sensor_detail(request: HttpRequest, code: str) -> HttpResponse:
    sensor = (
        visible_sensors(request.user).select_related("area", "agency").filter(code=code).first()
    )
    if sensor is None:
        raise Http404(_("Sensor tidak ditemukan."))
    now = timezone.now()
    rules = list(sensor.rules.filter(is_active=True).select_related("state", "category"))
    lines = [
        (str(level.get("name", "")), value)
        for rule in rules
        if rule.kind == "threshold"
        for level, value in zip(rule.levels or [], thresholds(rule), strict=False)
    ]
    day_start, week_start = now - timedelta(hours=24), now - timedelta(days=7)
    minutes = ReadingMinute.objects.filter(sensor=sensor, bucket__gte=day_start).order_by("bucket")
    hours = ReadingHour.objects.filter(sensor=sensor, bucket__gte=week_start).order_by("bucket")
    day = line_chart(
        [(m.bucket, m.mean, m.minimum, m.maximum) for m in minutes],
        day_start,
        now,
        thresholds=lines,
    )
    week = line_chart(
        [(h.bucket, h.mean, h.minimum, h.maximum) for h in hours],
        week_start,
        now,
        thresholds=lines,
        tick_format="%d/%m",
    )
    events = RuleEvent.objects.filter(rule__sensor=sensor).select_related("rule", "report")
    latest = latest_readings([sensor.pk]).get(sensor.pk)
    return render(
        request,
        "telemetry/console/sensor.html",
        {
            "sensor": sensor,
            "rules": rules,
            "day": day,
            "week": week,
            "events": events.order_by("-at")[:20],
            "latest": latest,
        },
    )


@require_GET
@staff_required
def camera_wall(request: HttpRequest) -> HttpResponse:
    cameras = visible_cameras(request.user).filter(is_active=True).select_related("area")
    status = request.GET.get("status", "")
    if status and status not in CameraStatus.values:
        error = _("Status kamera tidak dikenal. Pilihan: %(allowed)s.") % {
            "allowed": ", ".join(CameraStatus.values)
        }
        context = {"cameras": cameras.none(), "status": "", "error": error}
        return render(request, "telemetry/console/cameras.html", context, status=400)
    if status:
        cameras = cameras.filter(status=status)
    return render(request, "telemetry/console/cameras.html", {"cameras": cameras, "status": status})


@require_GET
@staff_required
def camera_snapshot(request: HttpRequest, code: str) -> HttpResponse:
    try:
        camera = access_camera(request.user, code)
    except NotFound as exc:
        raise _not_found(exc) from None
    try:
        picture = probes.snapshot_path(camera).read_bytes()  # a few hundred kB at most
    except FileNotFoundError:
        raise Http404(_("Belum ada gambar dari kamera ini.")) from None
    response = HttpResponse(picture, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=5"
    return response


@require_GET
@staff_required
def vehicle_list(request: HttpRequest) -> HttpResponse:
    # The report each vehicle on duty serves, when this person may open it.
    serving = Dispatch.objects.filter(
        released_at=None, report__in=visible_reports(request.user)
    ).select_related("report")
    vehicles = (
        visible_vehicles(request.user)
        .filter(is_active=True)
        .select_related("agency")
        .prefetch_related(Prefetch("dispatches", queryset=serving, to_attr="serving"))
    )
    return render(
        request,
        "telemetry/console/vehicles.html",
        {
            "vehicles": vehicles,
            "statuses": VehicleStatus.choices,
            "may_manage": {v.pk for v in vehicles if actions.may_manage_vehicle(request.user, v)},
        },
    )


@require_POST
@staff_required
def vehicle_status(request: HttpRequest, code: str) -> HttpResponse:
    try:
        vehicle = access_vehicle(request.user, code)
        actions.set_vehicle_status(vehicle, request.user, status=request.POST.get("status", ""))  # type: ignore[arg-type]
    except NotFound as exc:
        raise _not_found(exc) from None
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("telemetry-console:vehicles")
    messages.success(request, _("Status %(code)s tersimpan.") % {"code": vehicle.code})
    return redirect("telemetry-console:vehicles")


def _report(request: HttpRequest, ticket: str) -> Any:
    try:
        return access_report(request.user, ticket)
    except NotFound as exc:
        raise _not_found(exc) from None


@require_GET
@staff_required
def report_fleet(request: HttpRequest, ticket: str) -> HttpResponse:
    """The nearest available vehicles for a report (an HTMX panel on the report's page)."""
    report = _report(request, ticket)
    nearby: list[fleet.Nearby] = []
    stale = 0
    kinds = fleet.kinds_for_category(report.category.code)
    if report.has_location:
        vehicles = visible_vehicles(request.user).select_related("agency")
        nearby = fleet.nearest_vehicles(vehicles, report.latitude, report.longitude, kinds=kinds)
        if not nearby and kinds:
            kinds = ()
            nearby = fleet.nearest_vehicles(vehicles, report.latitude, report.longitude)
        stale = fleet.stale_count(vehicles, kinds=kinds)
    return render(
        request,
        "telemetry/console/_report_fleet.html",
        {
            "report": report,
            "nearby": nearby,
            "stale": stale,
            "max_age_minutes": settings.TELEMETRY_VEHICLE_POSITION_MAX_MINUTES,
            "receives_vehicles": actions.may_receive_vehicles(report),
            "dispatches": report.dispatches.select_related("vehicle", "dispatched_by")[:10],
            "origin": RuleEvent.objects.filter(report=report)
            .select_related("rule__sensor")
            .order_by("at")
            .first(),
            "may_dispatch": actions.may_receive_vehicles(report)
            and can_act(request.user, "update", report),  # type: ignore[arg-type]
        },
    )


@require_POST
@staff_required
def report_dispatch(request: HttpRequest, ticket: str) -> HttpResponse:
    report = _report(request, ticket)
    code = request.POST.get("vehicle", "").strip()
    try:
        if not code:
            message = _("Pilih kendaraan yang dikirim.")
            raise Invalid(message, {"vehicle": message})
        vehicle = access_vehicle(request.user, code)
        actions.dispatch_vehicle(report, vehicle, request.user, note=request.POST.get("note", ""))  # type: ignore[arg-type]
    except ActionError as exc:  # an unknown vehicle too: said on the report's page
        messages.error(request, exc.message)
        return redirect("reports-console:detail", ticket=report.ticket)
    messages.success(request, _("Armada %(code)s dikirim.") % {"code": vehicle.code})
    return redirect("reports-console:detail", ticket=report.ticket)


@require_POST
@staff_required
def alert_acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    try:
        alert = access_alert(request.user, alert_id)
    except NotFound as exc:
        raise _not_found(exc) from None
    if request.user.is_center_staff or request.user.is_agency_staff:  # type: ignore[union-attr]
        actions.acknowledge_alert(alert, request.user)  # type: ignore[arg-type]
    return redirect("telemetry-console:overview")
