import contextlib
from typing import Any

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kendali.agencies.actions import remove_second_factor
from kendali.agencies.models import Agency, ApiToken, User
from kendali.audit.admin_mixins import AuditedAdmin
from kendali.lib.translated_admin import TranslatedAdmin


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin, TranslatedAdmin):
    list_display = ["short_name", "name", "code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "short_name", "code"]


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin[User]):
    list_display = ["username", "first_name", "last_name", "role", "agency", "is_active"]
    list_filter = ["role", "agency", "is_active"]
    list_select_related = ["agency"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Kendali", {"fields": ["role", "agency", "phone"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        ("Kendali", {"fields": ["role", "agency"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin, admin.ModelAdmin[ApiToken]):
    list_display = ["name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = [
        "user",
        "name",
        "prefix",
        "scopes",
        "expires_at",
        "revoked_at",
        "created_at",
        "last_used_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Tokens are issued by `kendali token create USERNAME`, which shows the secret once.
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class SecondFactorAdmin(admin.ModelAdmin[Any]):
    """A person's second factors, to look at and to remove when a phone is lost (an audited
    action). Never their secrets, which django-otp's own admin would show."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = ["user", "name", "confirmed", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        remove_second_factor(obj.user, request.user, request)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for user in User.objects.filter(pk__in=queryset.values("user")):
            remove_second_factor(user, request.user, request)  # type: ignore[arg-type]


for _model in (TOTPDevice, StaticDevice):
    with contextlib.suppress(NotRegistered):
        admin.site.unregister(_model)
    admin.site.register(_model, SecondFactorAdmin)
