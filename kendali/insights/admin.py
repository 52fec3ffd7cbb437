from django.contrib import admin
from django.http import HttpRequest

from kendali.insights.models import Kpi, WallScreen
from kendali.lib.translated_admin import TranslatedAdmin


@admin.register(Kpi)
class KpiAdmin(TranslatedAdmin):
    """KPIs are data: an admin adds one by choosing a measure, a scope and its thresholds."""

    list_display = [
        "name",
        "code",
        "measure",
        "target",
        "green",
        "yellow",
        "direction",
        "is_active",
        "is_public",
    ]
    list_filter = ["measure", "is_active", "is_public", "agency"]
    search_fields = ["code", "name_ind", "name_en"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "name",
                    "description",
                    "measure",
                    "period",
                    "sort_order",
                    "is_active",
                    "is_public",
                ]
            },
        ),
        ("Target", {"fields": ["direction", "target", "green", "yellow", "min_count"]}),
        ("Scope", {"fields": ["agency", "category", "area", "channel", "priority"]}),
    ]


@admin.register(WallScreen)
class WallScreenAdmin(admin.ModelAdmin[WallScreen]):
    """Kiosk links are made with `kendali wall create` (the secret is shown once); here they
    are listed, their panels changed, and revoked."""

    list_display = [
        "name",
        "prefix",
        "panels",
        "rotate_seconds",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    fields = [
        "name",
        "panels",
        "rotate_seconds",
        "revoked_at",
        "prefix",
        "created_at",
        "last_used_at",
    ]
    readonly_fields = ["prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
