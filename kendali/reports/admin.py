from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kendali.audit.admin_mixins import AuditedAdmin
from kendali.lib.translated_admin import TranslatedAdmin
from kendali.reports.models import Category, Report, RoutingRule


class RoutingRuleInline(admin.TabularInline[RoutingRule, Any]):
    model = RoutingRule
    extra = 0
    autocomplete_fields = ["area"]


@admin.register(Category)
class CategoryAdmin(AuditedAdmin, TranslatedAdmin):
    list_display = [
        "name_ind",
        "name_en",
        "code",
        "default_agency",
        "default_priority",
        "is_active",
    ]
    list_filter = ["is_active", "default_priority", "default_agency"]
    search_fields = ["name_ind", "name_en", "code"]
    inlines = [RoutingRuleInline]


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin, admin.ModelAdmin[RoutingRule]):
    list_display = ["category", "area", "agency"]
    list_filter = ["category", "agency"]
    autocomplete_fields = ["area"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    """Read-only: reports change only through the console and the API, which keep the audit."""

    list_display = ["ticket", "category", "status", "priority", "agency", "created_at"]
    list_filter = ["status", "priority", "channel", "category", "agency"]
    search_fields = ["ticket"]
    list_select_related = ["category", "agency"]
    date_hierarchy = "created_at"
    exclude = ["reporter_name", "reporter_contact"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
