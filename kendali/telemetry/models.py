"""Sensors and their readings, rules that watch them, cameras, vehicles and their positions.

Readings and positions are the big tables: one row per (sensor, timestamp) with a unique index
that makes a repeated reading a no-op, per-minute and per-hour rollups kept by the worker, and
raw rows deleted after ``TELEMETRY_RAW_DAYS`` (docs/telemetry.md).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kendali.agencies.models import Agency
from kendali.cities.models import Area
from kendali.lib.tokens import HashedToken
from kendali.reports.models import Category, Report
from kendali.telemetry.choices import (
    KIND_SPECS,
    OFFLINE_COLOR,
    AlertKind,
    CameraStatus,
    Direction,
    RuleEventKind,
    RuleKind,
    SensorKind,
    SensorStatus,
    StreamKind,
    VehicleKind,
    VehicleStatus,
    level_color,
)

# OsmAnd and Traccar Client send nothing but the tracker id, so the id is the tracker's secret.
TRACKER_ID_MIN_LENGTH = 16


def new_tracker_id() -> str:
    """A tracker id nobody can guess: 32 random URL-safe characters (192 bits)."""
    return secrets.token_urlsafe(24)


class Located(models.Model):
    latitude = models.FloatField(_("lintang"))
    longitude = models.FloatField(_("bujur"))
    area = models.ForeignKey(
        Area,
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah pemilik"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class Sensor(Located):
    code = models.SlugField(_("kode"), max_length=64, unique=True)
    name = models.CharField(_("nama"), max_length=160)
    kind = models.CharField(_("jenis"), max_length=20, choices=SensorKind.choices)
    unit = models.CharField(_("satuan"), max_length=20, blank=True)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    min_value = models.FloatField(
        _("nilai terendah yang masuk akal"),
        null=True,
        blank=True,
        help_text=_("Kosongkan untuk memakai batas bawaan jenis sensor."),
    )
    max_value = models.FloatField(_("nilai tertinggi yang masuk akal"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    # What the console shows at a glance, kept up to date by ingest and the rules.
    status = models.CharField(
        _("status"), max_length=10, choices=SensorStatus.choices, default=SensorStatus.UNKNOWN
    )
    level = models.PositiveSmallIntegerField(_("tingkat"), default=0)
    level_name = models.CharField(_("nama tingkat"), max_length=60, blank=True)
    # The latest value is read from the readings (one index lookup per sensor), so ingest
    # does not rewrite the sensor row on every reading.
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("sensor")
        verbose_name_plural = _("sensor")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.unit and self.kind in KIND_SPECS:
            self.unit = KIND_SPECS[self.kind].unit
        super().save(*args, **kwargs)

    @property
    def plausible_range(self) -> tuple[float, float]:
        spec = KIND_SPECS.get(self.kind)
        low = self.min_value if self.min_value is not None else (spec.minimum if spec else -1e9)
        high = self.max_value if self.max_value is not None else (spec.maximum if spec else 1e9)
        return low, high

    @property
    def color(self) -> str:
        if self.status == SensorStatus.OFFLINE:
            return OFFLINE_COLOR
        if self.status == SensorStatus.UNKNOWN:
            return OFFLINE_COLOR
        return level_color(self.level)


class Reading(models.Model):
    id = models.BigAutoField(primary_key=True)
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="readings")
    ts = models.DateTimeField(_("waktu ukur"))
    value = models.FloatField(_("nilai"))
    received_at = models.DateTimeField(_("diterima"), default=timezone.now)

    class Meta:
        verbose_name = _("pembacaan")
        verbose_name_plural = _("pembacaan")
        constraints = [
            # A repeated reading (same sensor, same timestamp) is ignored at insert.
            models.UniqueConstraint(fields=["sensor", "ts"], name="reading_sensor_ts_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.sensor_id} {self.ts:%Y-%m-%d %H:%M:%S} {self.value}"


class Rollup(models.Model):
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="+")
    bucket = models.DateTimeField()
    count = models.PositiveIntegerField()
    total = models.FloatField()
    minimum = models.FloatField()
    maximum = models.FloatField()

    class Meta:
        abstract = True

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0


class ReadingMinute(Rollup):
    class Meta:
        verbose_name = _("rekap per menit")
        constraints = [
            models.UniqueConstraint(fields=["sensor", "bucket"], name="reading_minute_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.sensor_id} {self.bucket:%Y-%m-%d %H:%M}"


class ReadingHour(Rollup):
    class Meta:
        verbose_name = _("rekap per jam")
        constraints = [
            models.UniqueConstraint(fields=["sensor", "bucket"], name="reading_hour_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.sensor_id} {self.bucket:%Y-%m-%d %H}h"


class RollupState(models.Model):
    """How far the rollup job has read the readings table (by id), so each run is incremental."""

    name = models.CharField(max_length=40, primary_key=True)
    watermark = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} @ {self.watermark}"


class Rule(models.Model):
    """Watches one sensor. Thresholds go up in seriousness: ``levels`` is a list of
    ``{"name": "Siaga 3", "value": 150}`` from the least to the most serious."""

    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("nama"), max_length=160)
    kind = models.CharField(
        _("jenis"), max_length=12, choices=RuleKind.choices, default=RuleKind.THRESHOLD
    )
    direction = models.CharField(
        _("arah"), max_length=6, choices=Direction.choices, default=Direction.ABOVE
    )
    levels = models.JSONField(_("tingkat"), default=list)
    duration_seconds = models.PositiveIntegerField(
        _("bertahan selama (detik)"),
        default=0,
        help_text=_("Tingkat baru berlaku setelah nilai bertahan selama ini."),
    )
    hysteresis = models.FloatField(
        _("histeresis"),
        default=0,
        help_text=_("Tingkat turun hanya jika nilai melewati ambang sejauh ini."),
    )
    rate_window_seconds = models.PositiveIntegerField(_("jendela laju (detik)"), default=600)
    no_data_minutes = models.PositiveIntegerField(_("tanpa data selama (menit)"), default=30)
    category = models.ForeignKey(
        Category,
        verbose_name=_("kategori laporan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosongkan jika aturan ini tidak membuka laporan."),
    )
    report_level = models.PositiveSmallIntegerField(
        _("buka laporan mulai tingkat"),
        default=1,
    )
    warning_level = models.PositiveSmallIntegerField(
        _("susun draf peringatan publik mulai tingkat"),
        null=True,
        blank=True,
        help_text=_(
            "Kosongkan jika aturan ini tidak menyusun peringatan. Draf menunggu persetujuan "
            "supervisor; tidak ada yang terbit sendiri."
        ),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("aturan")
        verbose_name_plural = _("aturan")
        ordering = ["sensor", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        levels = self.levels if isinstance(self.levels, list) else None
        values: list[float] = []
        for level in levels or []:
            try:
                values.append(float(level["value"]))
                str(level["name"])
            except (KeyError, TypeError, ValueError):
                levels = None
                break
        if levels is None or (not levels and self.kind != RuleKind.NO_DATA):
            raise ValidationError(
                {"levels": _('Tulis daftar tingkat: [{"name": "Siaga 4", "value": 100}, ...].')}
            )
        rising = self.kind == RuleKind.RATE or self.direction == Direction.ABOVE
        if values != sorted(values, reverse=not rising):
            raise ValidationError(
                {"levels": _("Urutkan tingkat dari yang paling ringan ke yang paling berat.")}
            )
        if self.report_level < 1:
            raise ValidationError({"report_level": _("Tingkat laporan paling rendah 1.")})
        if self.warning_level is not None and not 1 <= self.warning_level <= max(len(values), 1):
            raise ValidationError(
                {"warning_level": _("Tingkat peringatan harus salah satu tingkat aturan ini.")}
            )

    def level_name(self, level: int) -> str:
        """The level's name as operators know it: "Siaga 2" rather than 3."""
        if level <= 0:
            return str(_("Normal"))
        if level <= len(self.levels):
            return str(self.levels[level - 1].get("name") or level)
        return str(level)


class RuleState(models.Model):
    """Where a rule stands now: what incremental evaluation needs, and the report it opened."""

    rule = models.OneToOneField(
        Rule, on_delete=models.CASCADE, primary_key=True, related_name="state"
    )
    level = models.PositiveSmallIntegerField(default=0)
    pending_level = models.PositiveSmallIntegerField(default=0)
    pending_since = models.DateTimeField(null=True, blank=True)
    last_ts = models.DateTimeField(null=True, blank=True)
    last_value = models.FloatField(null=True, blank=True)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    warning = models.ForeignKey(
        "warnings.PublicWarning",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.level}"


class RuleEvent(models.Model):
    """One row per level change of a rule: the history of what fired and cleared, and when."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=RuleEventKind.choices)
    from_level = models.PositiveSmallIntegerField()
    to_level = models.PositiveSmallIntegerField()
    value = models.FloatField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="sensor_events"
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["rule", "at"], name="rule_event_rule_idx")]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.from_level}→{self.to_level}"

    @property
    def from_name(self) -> str:
        return self.rule.level_name(self.from_level)

    @property
    def to_name(self) -> str:
        return self.rule.level_name(self.to_level)


class Camera(Located):
    code = models.SlugField(_("kode"), max_length=64, unique=True)
    name = models.CharField(_("nama"), max_length=160)
    snapshot_url = models.URLField(_("URL snapshot"), max_length=500)
    stream_url = models.URLField(_("URL siaran"), max_length=500, blank=True)
    stream_kind = models.CharField(
        _("jenis siaran"), max_length=10, choices=StreamKind.choices, default=StreamKind.HLS
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CameraStatus.choices, default=CameraStatus.UNKNOWN
    )
    status_since = models.DateTimeField(null=True, blank=True, editable=False)
    next_probe_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_ok_at = models.DateTimeField(null=True, blank=True, editable=False)
    snapshot_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    snapshot_digest = models.CharField(max_length=64, blank=True, editable=False)
    failures = models.PositiveIntegerField(default=0, editable=False)
    last_error = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("kamera")
        verbose_name_plural = _("kamera")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def color(self) -> str:
        return CameraStatus.color(self.status)


class Vehicle(models.Model):
    code = models.SlugField(_("kode / nomor polisi"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=160)
    kind = models.CharField(_("jenis"), max_length=20, choices=VehicleKind.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VehicleStatus.choices,
        default=VehicleStatus.AVAILABLE,
    )
    tracker_id = models.CharField(
        _("ID pelacak GPS"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        default=new_tracker_id,
        validators=[
            MinLengthValidator(
                TRACKER_ID_MIN_LENGTH,
                _("ID pelacak paling sedikit %(limit_value)d karakter acak: ID ini rahasianya."),
            )
        ],
        help_text=_(
            "ID perangkat OsmAnd/Traccar atau OwnTracks, sekaligus rahasianya. Kendali membuatnya "
            "acak; kosongkan untuk kendaraan tanpa pelacak."
        ),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    speed = models.FloatField(null=True, blank=True, editable=False)
    heading = models.FloatField(null=True, blank=True, editable=False)
    last_position_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("kendaraan")
        verbose_name_plural = _("armada")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def color(self) -> str:
        return VehicleStatus.color(self.status)

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class VehiclePosition(models.Model):
    id = models.BigAutoField(primary_key=True)
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="positions")
    ts = models.DateTimeField()
    latitude = models.FloatField()
    longitude = models.FloatField()
    speed = models.FloatField(null=True, blank=True)  # km/h
    heading = models.FloatField(null=True, blank=True)  # degrees from north
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vehicle", "ts"], name="position_vehicle_ts_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.vehicle_id} {self.ts:%H:%M:%S}"


class Dispatch(models.Model):
    """A vehicle sent to a report; also written on the report's timeline."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="dispatches")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="dispatches")
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    distance_m = models.FloatField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    dispatched_at = models.DateTimeField(default=timezone.now)
    # When the vehicle stopped serving this report: the report was finished, or someone set
    # the vehicle's status by hand. Empty while the vehicle is on duty for it.
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dispatched_at"]
        indexes = [
            models.Index(
                fields=["vehicle"],
                condition=models.Q(released_at__isnull=True),
                name="dispatch_serving_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.vehicle_id} → {self.report_id}"


class Alert(models.Model):
    """Something operators must know about equipment (a camera went dark, a sensor is silent).
    Opened and closed by the worker; an operator acknowledges it."""

    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    camera = models.ForeignKey(
        Camera, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    sensor = models.ForeignKey(
        Sensor, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    message = models.CharField(max_length=300)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-opened_at"]
        # One open alert per camera or sensor and kind (NULLs never collide, hence two).
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "camera"],
                condition=Q(closed_at__isnull=True, camera__isnull=False),
                name="alert_one_open_per_camera",
            ),
            models.UniqueConstraint(
                fields=["kind", "sensor"],
                condition=Q(closed_at__isnull=True, sensor__isnull=False),
                name="alert_one_open_per_sensor",
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def agency_id(self) -> int | None:
        owner = self.camera or self.sensor
        return owner.agency_id if owner else None


class IngestToken(HashedToken):
    """A token for devices and integrations that send readings (`kendali telemetry token`).
    With an agency, it may write only that agency's sensors."""

    MARKER = "kdt_"

    name = models.CharField(_("nama"), max_length=100)
    scopes = models.CharField(
        _("cakupan"),
        max_length=40,
        default="ingest",
        help_text=_("Dipisah spasi: read (membaca), write (mengubah), ingest (data sensor)."),
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("token data sensor")
        verbose_name_plural = _("token data sensor")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @classmethod
    def issue(cls, name: str, agency: Agency | None = None) -> tuple[IngestToken, str]:
        return cls.create_with_secret(name=name, agency=agency)
