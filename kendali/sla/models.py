"""Calendars (working hours, holidays), SLA policies, escalation ladders, and the clocks that
run on each report."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kendali.reports.choices import Priority
from kendali.sla.choices import WEEKDAYS, ClockKind, ClockState, HolidayKind, Recipient


class Calendar(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    timezone = models.CharField(_("zona waktu"), max_length=60, default=settings.TIME_ZONE)
    holiday_country = models.CharField(
        _("hari libur dari negara"),
        max_length=2,
        default="ID",
        blank=True,
        help_text=_(
            "Kode negara (ID = Indonesia): libur nasional dan cuti bersama setiap tahun diambil "
            "dari paket holidays, ditambah tanggal di bawah. Kosongkan untuk memakai tanggal di "
            "bawah saja."
        ),
    )
    always_open = models.BooleanField(
        _("24 jam × 7 hari"),
        default=False,
        help_text=_("Untuk keadaan darurat: jam kerja dan hari libur diabaikan."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kalender kerja")
        verbose_name_plural = _("kalender kerja")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkingHours(models.Model):
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=WEEKDAYS)
    start = models.TimeField(_("mulai"))
    end = models.TimeField(_("selesai"))

    class Meta:
        verbose_name = _("jam kerja")
        verbose_name_plural = _("jam kerja")
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="hours_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Jam selesai harus setelah jam mulai.")})
        if self.calendar_id and self.start and self.end:
            overlapping = (
                WorkingHours.objects.filter(
                    calendar_id=self.calendar_id,
                    weekday=self.weekday,
                    start__lt=self.end,
                    end__gt=self.start,
                )
                .exclude(pk=self.pk)
                .exists()
            )
            if overlapping:
                raise ValidationError(_("Jam kerja ini bertumpang tindih dengan yang lain."))


class Holiday(models.Model):
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("tanggal"))
    name = models.CharField(_("nama"), max_length=160)
    kind = models.CharField(
        _("jenis"), max_length=20, choices=HolidayKind.choices, default=HolidayKind.NATIONAL
    )

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="holiday_unique_date")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class EscalationLadder(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)

    class Meta:
        verbose_name = _("tangga eskalasi")
        verbose_name_plural = _("tangga eskalasi")

    def __str__(self) -> str:
        return self.name


MAX_ESCALATION_LEVELS = 5


class EscalationLevel(models.Model):
    ladder = models.ForeignKey(EscalationLadder, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(
        _("tingkat"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ESCALATION_LEVELS)]
    )
    delay_minutes = models.PositiveIntegerField(
        _("jeda (menit)"),
        help_text=_("Menit setelah tenggat terlewati (atau batas waktu langkah SOP)."),
    )
    recipients = models.JSONField(_("penerima"), default=list)

    class Meta:
        verbose_name = _("tingkat eskalasi")
        verbose_name_plural = _("tingkat eskalasi")
        ordering = ["ladder", "level"]
        constraints = [
            models.UniqueConstraint(fields=["ladder", "level"], name="escalation_level_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=MAX_ESCALATION_LEVELS),
                name="escalation_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ladder} {self.level}"

    def clean(self) -> None:
        unknown = [r for r in self.recipients or [] if r not in Recipient.values]
        if not self.recipients or unknown:
            raise ValidationError(
                {
                    "recipients": _("Pilih penerima: %(choices)s.")
                    % {"choices": ", ".join(Recipient.values)}
                }
            )


class SLAPolicy(models.Model):
    """Time limits for one category and priority (either may be empty: 'any')."""

    name = models.CharField(_("nama"), max_length=120)
    category = models.ForeignKey(
        "reports.Category",
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sla_policies",
    )
    priority = models.CharField(_("prioritas"), max_length=10, choices=Priority.choices, blank=True)
    calendar = models.ForeignKey(Calendar, verbose_name=_("kalender"), on_delete=models.PROTECT)
    verify_minutes = models.PositiveIntegerField(
        _("verifikasi (menit kerja)"), null=True, blank=True
    )
    dispose_minutes = models.PositiveIntegerField(
        _("disposisi (menit kerja)"), null=True, blank=True
    )
    first_response_minutes = models.PositiveIntegerField(
        _("tanggapan pertama (menit kerja)"), null=True, blank=True
    )
    resolve_minutes = models.PositiveIntegerField(
        _("penyelesaian (menit kerja)"), null=True, blank=True
    )
    ladder = models.ForeignKey(
        EscalationLadder,
        verbose_name=_("tangga eskalasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("kebijakan SLA")
        verbose_name_plural = _("kebijakan SLA")
        ordering = ["category__name_ind", "priority"]

    def __str__(self) -> str:
        return self.name

    def target(self, kind: str) -> int | None:
        value: int | None = getattr(self, f"{kind}_minutes")
        return value

    def clean(self) -> None:
        duplicate = SLAPolicy.objects.filter(
            category=self.category, priority=self.priority
        ).exclude(pk=self.pk)
        if duplicate.exists():
            raise ValidationError(_("Sudah ada kebijakan untuk kategori dan prioritas ini."))


class Clock(models.Model):
    """One promise (verify, dispose, first response, resolve) ticking on one report."""

    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField(max_length=20, choices=ClockKind.choices)
    policy = models.ForeignKey(SLAPolicy, null=True, blank=True, on_delete=models.SET_NULL)
    calendar = models.ForeignKey(Calendar, on_delete=models.PROTECT)
    ladder = models.ForeignKey(
        EscalationLadder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_minutes = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    # Working minutes that passed while the clock was paused (the report waited for the citizen).
    paused_minutes = models.FloatField(default=0)
    paused_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField()
    at_risk_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)  # met, late, cancelled
    at_risk_noticed_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    next_escalation_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("jam SLA")
        verbose_name_plural = _("jam SLA")
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="clock_unique_kind")]
        # The worker only ever reads clocks with something due; partial indexes keep that cheap
        # however many reports are open.
        indexes = [
            models.Index(
                fields=["at_risk_at"],
                name="clock_at_risk_due",
                condition=Q(
                    stopped_at__isnull=True, paused_at__isnull=True, at_risk_noticed_at__isnull=True
                ),
            ),
            models.Index(
                fields=["due_at"],
                name="clock_breach_due",
                condition=Q(
                    stopped_at__isnull=True, paused_at__isnull=True, breached_at__isnull=True
                ),
            ),
            models.Index(
                fields=["next_escalation_at"],
                name="clock_escalation_due",
                condition=Q(stopped_at__isnull=True, next_escalation_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"

    def state(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if self.stopped_at is not None:
            return {
                "met": ClockState.MET,
                "late": ClockState.BREACHED,
            }.get(self.outcome, ClockState.CANCELLED)
        if self.paused_at is not None:
            return ClockState.PAUSED
        if now >= self.due_at:
            return ClockState.BREACHED
        if now >= self.at_risk_at:
            return ClockState.AT_RISK
        return ClockState.RUNNING

    @property
    def target(self) -> timedelta:
        return timedelta(minutes=self.target_minutes)


class ClockEscalation(models.Model):
    """A level of a ladder that fired for a clock; the unique constraint means never twice."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField()
    fired_at = models.DateTimeField(default=timezone.now)
    recipients = models.JSONField(default=list)

    class Meta:
        verbose_name = _("eskalasi")
        verbose_name_plural = _("eskalasi")
        constraints = [
            models.UniqueConstraint(fields=["clock", "level"], name="clock_escalation_once")
        ]

    def __str__(self) -> str:
        return f"{self.clock} level {self.level}"
