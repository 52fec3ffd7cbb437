"""Who sees which sensors, cameras, vehicles and alerts.

The same rule as for reports: the command center (and read-only roles) see everything; agency
staff see what their agency owns. Live events follow it too (the owner's agency id travels
with each event, so `kendali.views._may_receive` applies unchanged). Sensor values themselves
are public (`GET /api/v1/sensors`): water levels and air quality are information for citizens.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from kendali.lib.errors import NotFound
from kendali.lib.text import storable
from kendali.telemetry.models import Alert, Camera, Sensor, Vehicle

M = TypeVar("M", bound=Model)


def _scoped(user: Any, queryset: QuerySet[M], field: str = "agency_id") -> QuerySet[M]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.reads_everything:
        return queryset
    if user.is_agency_staff:
        return queryset.filter(**{field: user.agency_id})
    return queryset.none()


def is_telemetry_staff(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.reads_everything or user.is_agency_staff)
    )


def visible_sensors(user: Any) -> QuerySet[Sensor]:
    return _scoped(user, Sensor.objects.all())


def visible_cameras(user: Any) -> QuerySet[Camera]:
    return _scoped(user, Camera.objects.all())


def visible_vehicles(user: Any) -> QuerySet[Vehicle]:
    return _scoped(user, Vehicle.objects.all())


def visible_alerts(user: Any) -> QuerySet[Alert]:
    alerts = Alert.objects.select_related("camera", "sensor")
    if getattr(user, "is_authenticated", False) and user.is_active and user.is_agency_staff:
        from django.db.models import Q

        return alerts.filter(
            Q(camera__agency_id=user.agency_id) | Q(sensor__agency_id=user.agency_id)
        )
    return _scoped(user, alerts, "id")


def access_vehicle(user: Any, code: str) -> Vehicle:
    vehicle = visible_vehicles(user).select_related("agency").filter(code=code).first()
    if vehicle is None:
        raise NotFound(_("Kendaraan tidak ditemukan."))
    return vehicle


def access_camera(user: Any, code: str) -> Camera:
    camera = visible_cameras(user).filter(code=code).first()
    if camera is None:
        raise NotFound(_("Kamera tidak ditemukan."))
    return camera


def access_alert(user: Any, pk: int) -> Alert:
    alert = visible_alerts(user).filter(pk=pk).first()
    if alert is None:
        raise NotFound(_("Peringatan alat tidak ditemukan."))
    return alert


def public_sensor(code: str) -> Sensor:
    if not storable(code):  # a lone surrogate cannot even be compared by the database
        raise NotFound(_("Sensor tidak ditemukan."))
    sensor = Sensor.objects.filter(code=code, is_active=True).select_related("area").first()
    if sensor is None:
        raise NotFound(_("Sensor tidak ditemukan."))
    return sensor
