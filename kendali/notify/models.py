"""In-app notifications, webhook endpoints, and the outbox of messages to deliver."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kendali.notify.choices import Channel, DeliveryStatus, NotificationKind


class Notification(models.Model):
    """A message for one person, shown under the bell in the console."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "-created_at"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.title


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A system that wants to hear of events, signed with its own secret."""

    name = models.CharField(_("nama"), max_length=120)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("rahasia penanda tangan"),
        max_length=100,
        default=_new_secret,
        help_text=_("Dipakai untuk tanda tangan HMAC-SHA256 di header X-Kendali-Signature."),
    )
    events = models.JSONField(
        _("peristiwa"),
        default=list,
        help_text=_('Daftar pola, misalnya ["report.*", "sla.breached"]. Kosong: semua.'),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("hanya untuk perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhook")

    def __str__(self) -> str:
        return self.name

    def wants(self, event: str, agency_id: int | None) -> bool:
        if self.agency_id is not None and self.agency_id != agency_id:
            return False
        patterns = self.events or ["*"]
        return any(
            event == pattern
            or pattern == "*"
            or (pattern.endswith(".*") and event.startswith(pattern[:-1]))
            for pattern in patterns
        )


class OutboxMessage(models.Model):
    """A message written in the same transaction as the event that caused it, delivered by the
    worker with retries; after ``max_attempts`` it is a dead letter, visible in the admin."""

    channel = models.CharField(max_length=20, choices=Channel.choices)
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # Makes enqueueing idempotent: the same event never queues the same message twice.
    key = models.CharField(max_length=200, unique=True)
    event = models.CharField(max_length=60)
    endpoint = models.ForeignKey(
        WebhookEndpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=8)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["available_at", "id"],
                name="outbox_pending",
                condition=Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.event} #{self.pk}"

    def describe(self) -> dict[str, Any]:
        """What the admin shows: never the body of an email (it may name the reporter)."""
        return {"channel": self.channel, "event": self.event, "attempts": self.attempts}
