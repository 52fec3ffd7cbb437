"""Categories, routing rules, reports and what happens to them (transitions, updates, photos)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from kendali.agencies.models import Agency
from kendali.cities.models import Area
from kendali.reports.choices import Channel, Priority, ReportStatus, UpdateKind

DESCRIPTION_MIN = 10
DESCRIPTION_MAX = 4000
ADDRESS_MAX = 300
NAME_MAX = 120
CONTACT_MAX = 200
NOTE_MAX = 4000


class Category(models.Model):
    objects: MultilingualManager[Category] = MultilingualManager()
    code = models.SlugField(_("kode"), max_length=64, unique=True)
    # Translated (kendali/reports/translation.py): name_ind, name_en, name_su, description_*.
    name = models.CharField(_("nama"), max_length=120, default="")
    description = models.TextField(_("keterangan"), blank=True)
    # The three languages' columns, added by modeltranslation (translation.py).
    name_ind: str | None
    name_en: str | None
    name_su: str | None
    description_ind: str | None
    description_en: str | None
    description_su: str | None
    default_agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah bawaan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="default_categories",
    )
    default_priority = models.CharField(
        _("prioritas bawaan"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        ordering = ["sort_order", "name_ind"]

    def __str__(self) -> str:
        return str(self.name)


class RoutingRule(models.Model):
    """Send a category's reports in an area (and the areas inside it) to an agency."""

    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.CASCADE, related_name="routes"
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("wilayah"),
        on_delete=models.CASCADE,
        related_name="routes",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="routes"
    )

    class Meta:
        verbose_name = _("aturan disposisi")
        verbose_name_plural = _("aturan disposisi")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "area"], name="routing_unique_category_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} × {self.area.name} → {self.agency}"


class Report(models.Model):
    ticket = models.CharField(_("tiket"), max_length=9, unique=True, editable=False)
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="reports"
    )
    description = models.TextField(_("uraian"), max_length=DESCRIPTION_MAX)
    address = models.CharField(_("alamat / patokan"), max_length=ADDRESS_MAX, blank=True)
    latitude = models.FloatField(_("lintang"), null=True, blank=True)
    longitude = models.FloatField(_("bujur"), null=True, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.SUBMITTED,
        editable=False,
    )
    held_from = models.CharField(max_length=20, blank=True, editable=False)
    priority = models.CharField(
        _("prioritas"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    suggested_agency = models.ForeignKey(
        Agency,
        verbose_name=_("usulan perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Personal data (UU 27/2022): shown only to staff who handle the report, never published.
    reporter_name = models.CharField(_("nama pelapor"), max_length=NAME_MAX, blank=True)
    reporter_contact = models.CharField(_("kontak pelapor"), max_length=CONTACT_MAX, blank=True)
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    is_confidential = models.BooleanField(_("rahasia"), default=False)
    # Open data publishes the description only when an operator has read it and marked it public.
    description_is_public = models.BooleanField(
        _("uraian boleh dipublikasikan"),
        default=False,
        help_text=_("Teks bebas dirahasiakan di data terbuka kecuali operator menandainya publik."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplikat dari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dilaporkan"), default=timezone.now)
    updated_at = models.DateTimeField(_("diperbarui"), default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    dispositioned_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="report_created_idx"),
            models.Index(fields=["status", "-created_at"], name="report_status_idx"),
            models.Index(fields=["agency", "status", "-created_at"], name="report_agency_idx"),
            models.Index(fields=["category", "-created_at"], name="report_category_idx"),
            models.Index(fields=["area", "-created_at"], name="report_area_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="report_lat_lon_together",
            ),
            models.CheckConstraint(
                condition=~Q(status="duplicate") | Q(duplicate_of__isnull=False),
                name="report_duplicate_has_primary",
            ),
        ]

    def __str__(self) -> str:
        return self.ticket

    @property
    def is_public(self) -> bool:
        """Listed on the public website and in public APIs."""
        return not self.is_confidential and self.status in ReportStatus.public_values()

    @property
    def details_are_public(self) -> bool:
        """What the reporter wrote (description, address, location) is shown to the public once
        an operator has verified the report, and no longer once it is rejected; never for a
        confidential report. Before that, tracking shows the status and the timeline only."""
        return (
            not self.is_confidential
            and self.verified_at is not None
            and self.status != ReportStatus.REJECTED
        )

    @property
    def is_open(self) -> bool:
        return self.status in ReportStatus.open_values()

    @property
    def status_color(self) -> str:
        return ReportStatus.color(self.status)

    @property
    def priority_color(self) -> str:
        return Priority.color(self.priority)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def snapshot(self) -> dict[str, Any]:
        """What the audit log keeps of a report: everything except the reporter's identity."""
        return {
            "status": self.status,
            "priority": self.priority,
            "agency": self.agency_id,
            "category": self.category_id,
            "area": self.area_id,
            "duplicate_of": self.duplicate_of_id,
            "is_confidential": self.is_confidential,
            "is_anonymous": self.is_anonymous,
            "description_is_public": self.description_is_public,
            "has_reporter_contact": bool(self.reporter_contact),
        }


class Transition(models.Model):
    """One row per status change: who moved the report, when, from where to where, and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=20, choices=ReportStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("perubahan status")
        verbose_name_plural = _("perubahan status")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "created_at"], name="transition_report_idx")]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status or '-'} → {self.to_status}"


class Update(models.Model):
    """A timeline entry (tindak lanjut): public ones show on the tracking page."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=20, choices=UpdateKind.choices, default=UpdateKind.NOTE)
    status = models.CharField(max_length=20, blank=True, choices=ReportStatus.choices)
    body = models.TextField(_("isi"), blank=True, max_length=NOTE_MAX)
    is_public = models.BooleanField(_("publik"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "created_at"], name="update_report_idx")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


def photo_path(instance: Attachment, filename: str) -> str:
    # Random names: a file name must not reveal the ticket or the order of uploads.
    now = timezone.now()
    return f"photos/{now:%Y/%m}/{secrets.token_urlsafe(16)}.jpg"


class Attachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    update = models.ForeignKey(
        Update, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=photo_path, max_length=200)
    content_type = models.CharField(max_length=50, default="image/jpeg")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(default=True)
    access_key = models.CharField(max_length=32, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} foto {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.access_key:
            self.access_key = secrets.token_urlsafe(24)
        super().save(*args, **kwargs)
