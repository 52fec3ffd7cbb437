from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kendali.audit.admin_mixins import AuditedAdmin
from kendali.notify.choices import DeliveryStatus
from kendali.notify.models import OutboxMessage, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(AuditedAdmin, admin.ModelAdmin[WebhookEndpoint]):
    list_display = ["name", "url", "agency", "is_active", "created_at"]
    list_filter = ["is_active", "agency"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    """Deliveries and dead letters. Email bodies and addresses are not shown here."""

    list_display = [
        "id",
        "channel",
        "event",
        "status",
        "attempts",
        "available_at",
        "sent_at",
        "last_status",
    ]
    list_filter = ["status", "channel", "event"]
    fields = readonly_fields = (
        "channel",
        "event",
        "endpoint",
        "status",
        "attempts",
        "max_attempts",
        "created_at",
        "available_at",
        "sent_at",
        "last_status",
        "last_error",
    )
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Kirim ulang (pesan gagal permanen)"))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = queryset.filter(status=DeliveryStatus.DEAD).update(
            status=DeliveryStatus.PENDING,
            attempts=0,
            available_at=timezone.now(),
            lease_until=None,
        )
        messages.success(request, _("%(count)d pesan dijadwalkan ulang.") % {"count": count})
