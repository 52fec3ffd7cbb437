from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kendali.telemetry.models import (
    Alert,
    Camera,
    Dispatch,
    IngestToken,
    Rule,
    RuleEvent,
    RuleState,
    Sensor,
    Vehicle,
)


class RuleInline(admin.StackedInline[Rule, Any]):
    model = Rule
    extra = 0
    fields = [
        "name",
        "kind",
        "direction",
        "levels",
        "duration_seconds",
        "hysteresis",
        "rate_window_seconds",
        "no_data_minutes",
        "category",
        "report_level",
        "warning_level",
        "is_active",
    ]


@admin.register(Sensor)
class SensorAdmin(admin.ModelAdmin[Sensor]):
    list_display = ["name", "code", "kind", "area", "agency", "status", "level", "is_active"]
    list_filter = ["kind", "status", "agency", "is_active"]
    search_fields = ["name", "code"]
    readonly_fields = ["status", "level", "level_name"]
    autocomplete_fields = ["area"]
    inlines = [RuleInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        for rule in form.instance.rules.all():
            RuleState.objects.get_or_create(rule=rule)
        from kendali.telemetry.ingest import sensor_cache

        sensor_cache.clear()


@admin.register(RuleEvent)
class RuleEventAdmin(admin.ModelAdmin[RuleEvent]):
    list_display = ["at", "rule", "kind", "from_level", "to_level", "value", "report"]
    list_filter = ["kind"]
    raw_id_fields = ["rule", "report"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Camera)
class CameraAdmin(admin.ModelAdmin[Camera]):
    list_display = ["name", "code", "agency", "status", "last_checked_at", "is_active"]
    list_filter = ["status", "agency", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["area"]


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin[Vehicle]):
    list_display = ["name", "code", "kind", "agency", "status", "last_position_at", "is_active"]
    list_filter = ["kind", "status", "agency", "is_active"]
    search_fields = ["name", "code", "tracker_id"]


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin[Dispatch]):
    list_display = ["dispatched_at", "vehicle", "report", "dispatched_by", "distance_m"]
    raw_id_fields = ["report", "vehicle", "dispatched_by"]


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin[Alert]):
    list_display = ["opened_at", "kind", "message", "closed_at", "acknowledged_at"]
    list_filter = ["kind"]


@admin.register(IngestToken)
class IngestTokenAdmin(admin.ModelAdmin[IngestToken]):
    list_display = ["name", "prefix", "agency", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["name", "agency", "prefix", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are made with `kendali telemetry token create` (shown once)
