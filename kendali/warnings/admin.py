from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kendali.lib.translated_admin import TranslatedAdmin
from kendali.warnings.models import PublicWarning, WarningArea


class WarningAreaInline(admin.TabularInline[WarningArea, Any]):
    model = WarningArea
    extra = 0
    fields = ["description", "area", "order"]
    readonly_fields = ["description", "area", "order"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PublicWarning)
class PublicWarningAdmin(TranslatedAdmin):
    """Read-only: warnings are drafted and published in the console, which keeps the audit."""

    list_display = ["headline_ind", "msg_type", "state", "severity", "onset", "expires", "sent"]
    list_filter = ["state", "msg_type", "severity", "category"]
    search_fields = ["headline_ind", "headline_en", "identifier"]
    inlines = [WarningAreaInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
