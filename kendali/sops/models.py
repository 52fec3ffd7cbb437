"""Standard operating procedures: documents with versions and steps, and their runs on reports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from kendali.agencies.choices import Role
from kendali.sops.choices import Evidence, StepKind, StepState, VersionStatus


class ImmutableVersionError(RuntimeError):
    """A version past its draft stage cannot change."""


class SOP(models.Model):
    objects: MultilingualManager[SOP] = MultilingualManager()
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    purpose = models.TextField(_("tujuan"), blank=True)
    # The three languages' columns, added by modeltranslation (translation.py).
    title_ind: str | None
    title_en: str | None
    title_su: str | None
    purpose_ind: str | None
    purpose_en: str | None
    purpose_su: str | None
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    categories = models.ManyToManyField(
        "reports.Category", verbose_name=_("kategori laporan"), blank=True, related_name="sops"
    )
    priorities = models.JSONField(
        _("prioritas"), default=list, blank=True, help_text=_("Kosong: semua prioritas.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SOP")
        verbose_name_plural = _("SOP")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    @property
    def published(self) -> SOPVersion | None:
        return self.versions.filter(status=VersionStatus.PUBLISHED).first()


class SOPVersion(models.Model):
    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    change_note = models.TextField(_("catatan perubahan"), blank=True)
    enforce_order = models.BooleanField(
        _("langkah wajib berurutan"),
        default=True,
        help_text=_("Sebuah langkah baru boleh diselesaikan setelah langkah wajib sebelumnya."),
    )
    calendar = models.ForeignKey(
        "sla.Calendar",
        verbose_name=_("kalender batas waktu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Kalender tempat batas waktu langkah dihitung (24/7 untuk darurat)."),
    )
    ladder = models.ForeignKey(
        "sla.EscalationLadder",
        verbose_name=_("tangga eskalasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("versi SOP")
        verbose_name_plural = _("versi SOP")
        ordering = ["sop", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["sop", "number"], name="sop_version_number_unique"),
            models.UniqueConstraint(
                fields=["sop"],
                condition=Q(status="published"),
                name="sop_one_published_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sop.code} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def status_color(self) -> str:
        return VersionStatus.color(self.status)


class Step(models.Model):
    objects: MultilingualManager[Step] = MultilingualManager()
    version = models.ForeignKey(SOPVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("urutan"))
    title = models.CharField(_("judul"), max_length=200)
    instructions = models.TextField(_("petunjuk (Markdown)"), blank=True)
    # The three languages' columns, added by modeltranslation (translation.py).
    title_ind: str | None
    title_en: str | None
    title_su: str | None
    instructions_ind: str | None
    instructions_en: str | None
    instructions_su: str | None
    owner_role = models.CharField(
        _("peran penanggung jawab"), max_length=20, choices=Role.choices, default=Role.OPERATOR
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("batas waktu (menit)"),
        null=True,
        blank=True,
        help_text=_("Dihitung dari dimulainya SOP pada kalender versi ini. Kosong: tanpa batas."),
    )
    required = models.BooleanField(_("wajib"), default=True)
    evidence = models.CharField(
        _("bukti"), max_length=10, choices=Evidence.choices, default=Evidence.NONE
    )
    kind = models.CharField(
        _("jenis"), max_length=20, choices=StepKind.choices, default=StepKind.MANUAL
    )
    yes_step = models.PositiveSmallIntegerField(_("jika ya, ke langkah"), null=True, blank=True)
    no_step = models.PositiveSmallIntegerField(_("jika tidak, ke langkah"), null=True, blank=True)
    notify_roles = models.JSONField(_("beri tahu peran"), default=list, blank=True)
    message = models.TextField(_("pesan"), blank=True)
    webhook_url = models.URLField(_("URL webhook"), blank=True)
    sub_sop = models.ForeignKey(
        SOP,
        verbose_name=_("SOP yang dijalankan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("langkah SOP")
        verbose_name_plural = _("langkah SOP")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="sop_step_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not SOPVersion.objects.filter(pk=self.version_id, status=VersionStatus.DRAFT).exists():
            raise ImmutableVersionError("steps of a version past its draft cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if not SOPVersion.objects.filter(pk=self.version_id, status=VersionStatus.DRAFT).exists():
            raise ImmutableVersionError("steps of a version past its draft cannot change")
        return super().delete(*args, **kwargs)


class SOPRun(models.Model):
    """A report's live checklist, bound to the version in force when it started."""

    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="sop_runs")
    version = models.ForeignKey(SOPVersion, on_delete=models.PROTECT, related_name="runs")
    parent_step = models.OneToOneField(
        "StepRun", null=True, blank=True, on_delete=models.CASCADE, related_name="child_run"
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    override_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("pelaksanaan SOP")
        verbose_name_plural = _("pelaksanaan SOP")
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.version}"


class StepRun(models.Model):
    run = models.ForeignKey(SOPRun, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=StepState.choices, default=StepState.OPEN)
    due_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    decision = models.CharField(max_length=3, blank=True)  # "yes" / "no"
    skip_reason = models.TextField(blank=True)
    evidence = models.ForeignKey(
        "reports.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overdue_noticed_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    next_escalation_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("langkah berjalan")
        verbose_name_plural = _("langkah berjalan")
        ordering = ["run", "order"]
        constraints = [
            models.UniqueConstraint(fields=["run", "order"], name="step_run_order_unique")
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="step_run_overdue",
                condition=Q(state="open", overdue_noticed_at__isnull=True, due_at__isnull=False),
            ),
            models.Index(
                fields=["next_escalation_at"],
                name="step_run_escalation_due",
                condition=Q(state="open", next_escalation_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}.{self.order} {self.state}"


class StepEscalation(models.Model):
    step_run = models.ForeignKey(StepRun, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField()
    fired_at = models.DateTimeField(default=timezone.now)
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["step_run", "level"], name="step_escalation_once")
        ]

    def __str__(self) -> str:
        return f"{self.step_run} level {self.level}"
