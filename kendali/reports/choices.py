"""Choices for reports. Each carries its label and its colour, shared by console, map and API."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kendali.lib.choices import ColoredChoices, nonmember


class ReportStatus(ColoredChoices):
    SUBMITTED = "submitted", _("Baru masuk")
    VERIFIED = "verified", _("Terverifikasi")
    DISPOSITIONED = "dispositioned", _("Didisposisikan")
    IN_PROGRESS = "in_progress", _("Sedang ditangani")
    RESOLVED = "resolved", _("Selesai ditangani")
    CLOSED = "closed", _("Ditutup")
    ON_HOLD = "on_hold", _("Menunggu informasi")
    REJECTED = "rejected", _("Ditolak")
    DUPLICATE = "duplicate", _("Duplikat")

    COLORS = nonmember(
        {
            "submitted": "blue",
            "verified": "indigo",
            "dispositioned": "purple",
            "in_progress": "orange",
            "resolved": "green",
            "closed": "teal",
            "on_hold": "yellow",
            "rejected": "red",
            "duplicate": "grey",
        }
    )

    @classmethod
    def open_values(cls) -> list[str]:
        """Statuses in which someone still has work to do."""
        return [
            cls.SUBMITTED,
            cls.VERIFIED,
            cls.DISPOSITIONED,
            cls.IN_PROGRESS,
            cls.ON_HOLD,
        ]

    @classmethod
    def public_values(cls) -> list[str]:
        """Statuses in which a report is listed on the public website (after verification)."""
        return [cls.VERIFIED, cls.DISPOSITIONED, cls.IN_PROGRESS, cls.RESOLVED, cls.CLOSED]

    @classmethod
    def open311_status(cls, value: str) -> str:
        return (
            "closed" if value in {cls.RESOLVED, cls.CLOSED, cls.REJECTED, cls.DUPLICATE} else "open"
        )


class Priority(ColoredChoices):
    LOW = "low", _("Rendah")
    NORMAL = "normal", _("Sedang")
    HIGH = "high", _("Tinggi")
    URGENT = "urgent", _("Darurat")

    COLORS = nonmember({"low": "grey", "normal": "blue", "high": "orange", "urgent": "red"})

    @classmethod
    def rank(cls, value: str) -> int:
        return {"low": 0, "normal": 1, "high": 2, "urgent": 3}.get(value, 1)


class Channel(models.TextChoices):
    WEB = "web", _("Situs web")
    API = "api", _("Aplikasi (API)")
    OPEN311 = "open311", _("Open311")
    PHONE = "phone", _("Telepon / 112")
    PANIC = "panic", _("Tombol darurat")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")
    SOCIAL = "social", _("Media sosial")
    SENSOR = "sensor", _("Sensor")
    OPERATOR = "operator", _("Operator")


class UpdateKind(models.TextChoices):
    NOTE = "note", _("Catatan")
    STATUS = "status", _("Perubahan status")
    PRIORITY = "priority", _("Perubahan prioritas")
    SYSTEM = "system", _("Catatan sistem")
