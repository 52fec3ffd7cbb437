from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kendali.audit.admin_mixins import AuditedAdmin
from kendali.sla.models import (
    Calendar,
    Clock,
    EscalationLadder,
    EscalationLevel,
    Holiday,
    SLAPolicy,
    WorkingHours,
)


class WorkingHoursInline(admin.TabularInline[WorkingHours, Any]):
    model = WorkingHours
    extra = 0


class HolidayInline(admin.TabularInline[Holiday, Any]):
    model = Holiday
    extra = 0


@admin.register(Calendar)
class CalendarAdmin(AuditedAdmin, admin.ModelAdmin[Calendar]):
    list_display = ["name", "code", "timezone", "holiday_country", "always_open"]
    inlines = [WorkingHoursInline, HolidayInline]


class EscalationLevelInline(admin.TabularInline[EscalationLevel, Any]):
    model = EscalationLevel
    extra = 0
    max_num = 5


@admin.register(EscalationLadder)
class EscalationLadderAdmin(AuditedAdmin, admin.ModelAdmin[EscalationLadder]):
    list_display = ["name", "code"]
    inlines = [EscalationLevelInline]


@admin.register(SLAPolicy)
class SLAPolicyAdmin(AuditedAdmin, admin.ModelAdmin[SLAPolicy]):
    list_display = [
        "name",
        "category",
        "priority",
        "calendar",
        "verify_minutes",
        "dispose_minutes",
        "first_response_minutes",
        "resolve_minutes",
        "ladder",
    ]
    list_filter = ["calendar", "priority"]


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin[Clock]):
    """Read-only: clocks move only with their report."""

    list_display = [
        "report",
        "kind",
        "started_at",
        "due_at",
        "stopped_at",
        "outcome",
        "breached_at",
    ]
    list_filter = ["kind", "outcome"]
    search_fields = ["report__ticket"]
    list_select_related = ["report"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
