from django.contrib import admin

from kendali.insights.models import Kpi
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
