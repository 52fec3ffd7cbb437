"""Public warnings (peringatan): drafted by an operator, approved and published by another
supervisor, each published as one immutable CAP 1.2 document."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from kendali.cities.models import Area
from kendali.warnings.choices import (
    CapCategory,
    Certainty,
    MessageType,
    ResponseType,
    Severity,
    Urgency,
    WarningState,
)

HEADLINE_MAX = 160  # CAP advises headlines under 160 characters (SMS-sized)
AREA_DESC_MAX = 100
TEXT_MAX = 4000


class PublicWarning(models.Model):
    objects: MultilingualManager[PublicWarning] = MultilingualManager()
    identifier = models.CharField(
        _("pengenal CAP"), max_length=120, unique=True, null=True, blank=True, editable=False
    )
    msg_type = models.CharField(
        _("jenis pesan"), max_length=10, choices=MessageType.choices, default=MessageType.ALERT
    )
    references = models.ForeignKey(
        "self",
        verbose_name=_("merujuk ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    # The case that led to the warning (a sensor report, say): shown to staff only.
    report = models.ForeignKey(
        "reports.Report",
        verbose_name=_("dari laporan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="warnings",
    )
    state = models.CharField(
        _("status"),
        max_length=12,
        choices=WarningState.choices,
        default=WarningState.DRAFT,
        editable=False,
    )
    # Translated (kendali/warnings/translation.py): event, headline, description and
    # instruction in id (required), en (required: CAP's second <info>) and su (optional).
    event = models.CharField(_("kejadian"), max_length=120, default="")
    category = models.CharField(_("kategori CAP"), max_length=10, choices=CapCategory.choices)
    urgency = models.CharField(_("urgensi"), max_length=10, choices=Urgency.choices)
    severity = models.CharField(_("tingkat bahaya"), max_length=10, choices=Severity.choices)
    certainty = models.CharField(_("kepastian"), max_length=10, choices=Certainty.choices)
    response_type = models.CharField(
        _("tindakan yang dianjurkan"), max_length=10, choices=ResponseType.choices, blank=True
    )
    headline = models.CharField(_("judul"), max_length=HEADLINE_MAX, default="")
    description = models.TextField(_("uraian"), max_length=TEXT_MAX, default="")
    instruction = models.TextField(_("arahan"), max_length=TEXT_MAX, blank=True)
    # The three languages' columns, added by modeltranslation (translation.py).
    event_ind: str | None
    event_en: str | None
    event_su: str | None
    headline_ind: str | None
    headline_en: str | None
    headline_su: str | None
    description_ind: str | None
    description_en: str | None
    description_su: str | None
    instruction_ind: str | None
    instruction_en: str | None
    instruction_su: str | None
    onset = models.DateTimeField(_("mulai berlaku"))
    expires = models.DateTimeField(_("berakhir"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penyusun"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penyetuju"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    sent = models.DateTimeField(_("diterbitkan"), null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The CAP document exactly as published; never rewritten.
    cap_xml = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("peringatan")
        verbose_name_plural = _("peringatan")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "expires"], name="warning_state_expires_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires__gt=models.F("onset")), name="warning_expires_after_onset"
            ),
            models.CheckConstraint(
                condition=Q(msg_type="Alert") | Q(references__isnull=False),
                name="warning_followup_references",
            ),
        ]

    def __str__(self) -> str:
        return self.headline_ind or ""

    def localized(self, field: str) -> str:
        """A translated field in the page's language (Indonesian when it has none)."""
        return str(getattr(self, field) or "")

    @property
    def severity_color(self) -> str:
        return Severity.color(self.severity)

    @property
    def state_color(self) -> str:
        return WarningState.color(self.state)

    @property
    def is_active(self) -> bool:
        return self.state == WarningState.PUBLISHED and self.expires > timezone.now()

    def snapshot(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "msg_type": self.msg_type,
            "references": self.references_id,
            "event": self.event_ind,
            "severity": self.severity,
            "urgency": self.urgency,
            "certainty": self.certainty,
            "onset": self.onset,
            "expires": self.expires,
            "identifier": self.identifier,
        }


class WarningArea(models.Model):
    """One area of a warning: a city area, or a polygon drawn by the operator."""

    warning = models.ForeignKey(PublicWarning, on_delete=models.CASCADE, related_name="areas")
    description = models.CharField(_("nama wilayah"), max_length=AREA_DESC_MAX)
    area = models.ForeignKey(
        Area, verbose_name=_("wilayah kota"), null=True, blank=True, on_delete=models.PROTECT
    )
    # Closed rings of [lat, lon] pairs (CAP's order), at most 6 decimals.
    polygons = models.JSONField(_("poligon"), default=list)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("wilayah peringatan")
        verbose_name_plural = _("wilayah peringatan")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.description
