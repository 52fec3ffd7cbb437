from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kendali.sops.models import SOP, SOPVersion


@admin.register(SOP)
class SOPAdmin(admin.ModelAdmin):
    """SOPs are written, reviewed and published in the console (/console/sop/), where the
    approval rules apply; the admin only lists them."""

    list_display = ["code", "title"]
    search_fields = ["code", "title"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SOPVersion)
class SOPVersionAdmin(SOPAdmin):
    list_display = ["sop", "number", "status", "author", "approved_by", "published_at"]
    list_filter = ["status"]
    search_fields = ["sop__code"]
