from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from kendali.lib.translated_admin import TranslatedAdmin
from kendali.open311.models import ApiKey, RequestAnswer, ServiceAttribute, Submission


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(TranslatedAdmin):
    list_display = ["category", "code", "order", "datatype", "required", "is_active"]
    list_filter = ["datatype", "required", "is_active", "category"]
    search_fields = ["code", "description_ind", "description_en"]
    list_select_related = ["category"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    """Keys are issued here or in the console; the secret is shown once, after saving."""

    list_display = ["name", "prefix", "rate", "update_user", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "contact", "rate", "update_user", "prefix", "created_at", "last_used_at"]
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        from kendali.open311.actions import issue_api_key

        key, secret = issue_api_key(
            request.user,  # type: ignore[arg-type]
            name=obj.name,
            contact=obj.contact,
            rate=obj.rate,
            update_user=obj.update_user,
        )
        obj.pk = key.pk
        obj.prefix, obj.digest = key.prefix, key.digest
        messages.warning(request, f"Kunci API (hanya ditampilkan sekali): {secret}")

    @admin.action(description="Cabut kunci terpilih")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        from kendali.open311.actions import revoke_api_key

        for key in queryset:
            revoke_api_key(key, request.user)  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    list_display = ["report", "api_key", "created_at"]
    list_select_related = ["report", "api_key"]
    readonly_fields = ["report", "api_key", "token", "media_url", "device_id", "account_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(RequestAnswer)
class RequestAnswerAdmin(admin.ModelAdmin[RequestAnswer]):
    list_display = ["report", "attribute", "value"]
    list_select_related = ["report", "attribute"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
