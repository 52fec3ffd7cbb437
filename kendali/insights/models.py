"""KPIs as data, and the daily rollups every dashboard reads.

A rollup row counts the reports filed on one local day in one group (agency, category, area,
channel, priority): what became of them and how fast. `DurationRollup` holds the histogram of
whole working hours to resolution for the same groups, so medians and percentiles are exact
without reading reports. `RollupDay` says when a day was computed and when it next changes on
its own (a deadline passing); `RollupDirty` is the append-only list of days the lifecycle
touched since the worker last looked.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kendali.insights.choices import Direction, Measure, Period, WallPanel
from kendali.lib.tokens import HashedToken
from kendali.reports.choices import Channel, Priority


class Kpi(models.Model):
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=160)
    description = models.TextField(_("keterangan"), blank=True)
    measure = models.CharField(_("ukuran"), max_length=40, choices=Measure.choices)
    period = models.CharField(
        _("periode bawaan"), max_length=10, choices=Period.choices, default=Period.MONTH
    )
    direction = models.CharField(
        _("arah"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    target = models.FloatField(_("target"))
    green = models.FloatField(_("batas hijau"), help_text=_("Nilai ini atau lebih baik: hijau."))
    yellow = models.FloatField(
        _("batas kuning"), help_text=_("Nilai ini atau lebih baik (tetapi belum hijau): kuning.")
    )
    min_count = models.PositiveIntegerField(
        _("data minimum"),
        default=5,
        help_text=_("Dengan data lebih sedikit dari ini, status abu-abu (belum cukup data)."),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    category = models.ForeignKey(
        "reports.Category",
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    area = models.ForeignKey(
        "cities.Area",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices, blank=True)
    priority = models.CharField(_("prioritas"), max_length=10, choices=Priority.choices, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_public = models.BooleanField(
        _("di halaman kinerja publik"), default=False, help_text=_("Tampil di portal.")
    )
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("indikator kinerja")
        verbose_name_plural = _("indikator kinerja")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from kendali.insights.measures import MEASURES

        errors: dict[str, str] = {}
        spec = MEASURES.get(self.measure)
        if spec is None:
            raise ValidationError({"measure": _("Ukuran tidak dikenal.")})
        for name in ("target", "green", "yellow"):
            value = getattr(self, name)
            if value is None:
                continue
            if value < 0:
                errors[name] = str(_("Nilai tidak boleh negatif."))
            elif spec.unit == "percent" and value > 100:
                errors[name] = str(_("Persentase paling banyak 100."))
        if not errors and self.green is not None and self.yellow is not None:
            if self.direction == Direction.HIGHER and self.green < self.yellow:
                errors["green"] = str(
                    _(
                        "Bila makin tinggi makin baik, batas hijau harus sama dengan atau di atas "
                        "batas kuning."
                    )
                )
            if self.direction == Direction.LOWER and self.green > self.yellow:
                errors["green"] = str(
                    _(
                        "Bila makin rendah makin baik, batas hijau harus sama dengan atau di bawah "
                        "batas kuning."
                    )
                )
        if errors:
            raise ValidationError(errors)


class Counters(models.Model):
    """What a rollup row counts about its reports (see `insights/facts.py`), one column per
    name in `measures.COUNTERS` (a test keeps them equal); the daily rows and the month sums
    share it."""

    created = models.PositiveIntegerField(default=0)
    open = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    verify_due = models.PositiveIntegerField(default=0)
    verify_on_time = models.PositiveIntegerField(default=0)
    followup_due = models.PositiveIntegerField(default=0)
    followup_on_time = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    sla_due = models.PositiveIntegerField(default=0)
    sla_met = models.PositiveIntegerField(default=0)
    resolved_once = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    duplicate = models.PositiveIntegerField(default=0)
    dispositioned = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    steps_due = models.PositiveIntegerField(default=0)
    steps_on_time = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyRollup(Counters):
    day = models.DateField()
    agency = models.ForeignKey(
        "agencies.Agency", null=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey("reports.Category", on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("cities.Area", null=True, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20)
    priority = models.CharField(max_length=10)

    class Meta:
        indexes = [
            models.Index(fields=["day"], name="rollup_day_idx"),
            models.Index(fields=["agency", "day"], name="rollup_agency_day_idx"),
            # Backlog figures (open and overdue now) read only the days that still have open
            # reports, however long the history.
            models.Index(fields=["day"], name="rollup_open_idx", condition=models.Q(open__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.category_id} {self.created}"


class DurationRollup(models.Model):
    """How many reports of one day and group took ``hours`` whole working hours to resolve."""

    day = models.DateField()
    agency = models.ForeignKey(
        "agencies.Agency", null=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey("reports.Category", on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("cities.Area", null=True, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20)
    priority = models.CharField(max_length=10)
    hours = models.PositiveIntegerField()
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["day"], name="duration_day_idx"),
            models.Index(fields=["agency", "day"], name="duration_agency_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.hours}h x{self.n}"


class MonthRollup(Counters):
    """The daily rollups of one month summed per agency and category: what month, quarter and
    year figures without an area, channel or priority filter read (a few rows per month)."""

    month = models.DateField()  # the 1st
    agency = models.ForeignKey(
        "agencies.Agency", null=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey("reports.Category", on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["month"], name="monthrollup_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.category_id} {self.created}"


class MonthDuration(models.Model):
    month = models.DateField()
    agency = models.ForeignKey(
        "agencies.Agency", null=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey("reports.Category", on_delete=models.CASCADE, related_name="+")
    hours = models.PositiveIntegerField()
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month"], name="monthduration_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.hours}h x{self.n}"


class RollupDay(models.Model):
    day = models.DateField(unique=True)
    computed_at = models.DateTimeField()
    # The earliest moment a count of this day changes without a lifecycle event (a verification
    # window, an SLA deadline or an SOP step's time limit passing); the worker recomputes then.
    refresh_at = models.DateTimeField(null=True, blank=True)
    reports = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["refresh_at"],
                name="rollupday_refresh_idx",
                condition=models.Q(refresh_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} ({self.reports})"


class RollupDirty(models.Model):
    """A day the lifecycle changed; appended inside the action's transaction, never updated."""

    day = models.DateField()
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.day)


class MonthlyReport(models.Model):
    """A governance report as a PDF: the city's or one agency's, for a month or any period."""

    start = models.DateField(_("dari"))
    end = models.DateField(_("sampai"))
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField(upload_to="insights/reports/", max_length=200)
    pages = models.PositiveSmallIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    made_by = models.ForeignKey(
        "agencies.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("laporan kinerja")
        verbose_name_plural = _("laporan kinerja")
        ordering = ["-start", "agency_id", "-created_at"]
        indexes = [models.Index(fields=["start", "end"], name="monthlyreport_period_idx")]

    def __str__(self) -> str:
        return f"{self.start}..{self.end} {self.agency_id or 'kota'}"


def default_panels() -> list[str]:
    return [WallPanel.KPIS, WallPanel.QUEUE, WallPanel.MAP, WallPanel.WARNINGS, WallPanel.SENSORS]


class WallScreen(HashedToken):
    """A video wall's kiosk link: read-only, no personal data, revocable; no password on the
    wall computer. The secret is part of the wall's address (``/layar/<secret>/``)."""

    MARKER = "kdw_"

    name = models.CharField(_("nama"), max_length=100)
    panels = models.JSONField(_("panel"), default=default_panels)
    rotate_seconds = models.PositiveSmallIntegerField(
        _("ganti panel setiap (detik)"),
        default=0,
        help_text=_("0: semua panel tampil berdampingan; selain itu satu per satu bergantian."),
    )

    class Meta:
        verbose_name = _("layar dinding")
        verbose_name_plural = _("layar dinding")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def clean(self) -> None:
        panels = self.panels if isinstance(self.panels, list) else None
        if not panels or any(p not in WallPanel.values for p in panels) or len(panels) > 8:
            raise ValidationError(
                {
                    "panels": _("Pilih 1 sampai 8 panel dari: %(names)s.")
                    % {"names": ", ".join(WallPanel.values)}
                }
            )
        if self.rotate_seconds and not 5 <= self.rotate_seconds <= 600:
            raise ValidationError({"rotate_seconds": _("Antara 5 dan 600 detik, atau 0.")})
