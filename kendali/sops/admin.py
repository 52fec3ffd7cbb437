from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kendali.audit.admin_mixins import AuditedAdmin
from kendali.lib.translated_admin import TranslatedAdmin
from kendali.sops.models import SOP, SOPVersion, Step


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """SOPs are written, reviewed and published in the console (/console/sop/), where the
    approval rules apply; the admin only lists them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TranslationsOnlyAdmin(AuditedAdmin, TranslatedAdmin):
    """The procedure itself changes only through a new version in the console; its English and
    Sundanese wording is edited here, which changes no step, owner or deadline."""

    translated: tuple[str, ...] = ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f"{name}_ind" for name in self.translated] + list(self.readonly_fields)


@admin.register(SOP)
class SOPAdmin(TranslationsOnlyAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title_ind"]
    translated = ("title", "purpose")
    fields = ["code", "title", "purpose"]
    readonly_fields = ["code"]


@admin.register(Step)
class StepAdmin(TranslationsOnlyAdmin):
    list_display = ["version", "order", "title"]
    list_filter = ["version__sop"]
    translated = ("title", "instructions")
    fields = ["version", "order", "title", "instructions"]
    readonly_fields = ["version", "order"]


@admin.register(SOPVersion)
class SOPVersionAdmin(ReadOnlyAdmin):
    list_display = ["sop", "number", "status", "author", "approved_by", "published_at"]
    list_filter = ["status"]
    search_fields = ["sop__code"]
