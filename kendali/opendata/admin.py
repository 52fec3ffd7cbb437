from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kendali.lib.translated_admin import TranslatedAdmin
from kendali.opendata.models import DailyStat, Dataset, Resource


class ResourceInline(admin.TabularInline[Resource, Any]):
    model = Resource
    extra = 0
    fields = ["name", "format", "size", "download_count"]
    readonly_fields = ["format", "size", "download_count"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dataset)
class DatasetAdmin(TranslatedAdmin):
    """Metadata is edited here; new uploads go through the console (which checks the file)."""

    list_display = [
        "title_ind",
        "name",
        "kind",
        "publisher",
        "is_published",
        "row_count",
        "modified_at",
    ]
    list_filter = ["kind", "is_published", "licence", "frequency"]
    search_fields = ["title_ind", "title_en", "name", "keywords"]
    readonly_fields = ["kind", "row_count", "created_at", "data_modified_at"]
    inlines = [ResourceInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Dataset, form: Any, change: bool) -> None:
        from django.utils import timezone

        from kendali.audit.actions import record

        obj.modified_at = timezone.now()
        from django.db import transaction

        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(
                actor=request.user,
                action="opendata.edit",
                obj=obj,
                after={"fields": list(form.changed_data)},
            )


@admin.register(DailyStat)
class DailyStatAdmin(admin.ModelAdmin[DailyStat]):
    list_display = ["date", "category", "agency", "area", "received", "resolved"]
    list_filter = ["category", "agency"]
    date_hierarchy = "date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
