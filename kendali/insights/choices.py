"""Choices of the insights app: what a KPI measures, over which period, and its status."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kendali.lib.choices import ColoredChoices, nonmember


class Measure(models.TextChoices):
    """The aggregates a KPI can be built on; each is computed from the daily rollups."""

    CREATED = "created", _("Laporan masuk")
    OPEN = "open", _("Laporan terbuka")
    VERIFIED_ON_TIME = "verified_on_time", _("Diverifikasi dalam 3 hari kerja")
    FOLLOWED_UP_ON_TIME = "followed_up_on_time", _("Ditindaklanjuti dalam 5 hari kerja")
    RESOLVE_HOURS_MEDIAN = "resolve_hours_median", _("Median jam kerja sampai selesai")
    RESOLVE_HOURS_P90 = "resolve_hours_p90", _("Persentil 90 jam kerja sampai selesai")
    SLA_COMPLIANCE = "sla_compliance", _("Kepatuhan SLA penyelesaian")
    OVERDUE_BACKLOG = "overdue_backlog", _("Tunggakan melewati tenggat")
    BACKLOG_AGE = "backlog_age", _("Median umur laporan terbuka (hari)")
    REOPEN_RATE = "reopen_rate", _("Laporan dibuka kembali")
    SATISFACTION = "satisfaction", _("Kepuasan pelapor")
    SOP_STEP_COMPLIANCE = "sop_step_compliance", _("Langkah SOP tepat waktu")
    DUPLICATE_RATE = "duplicate_rate", _("Laporan duplikat")
    NOT_AUTHORITY_RATE = "not_authority_rate", _("Dikembalikan: bukan kewenangan")


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    COUNT = "count", _("laporan")
    HOURS = "hours", _("jam kerja")
    DAYS = "days", _("hari")
    SCORE = "score", _("skor")


class Period(models.TextChoices):
    DAY = "day", _("Hari")
    WEEK = "week", _("Minggu")
    MONTH = "month", _("Bulan")
    QUARTER = "quarter", _("Triwulan")
    YEAR = "year", _("Tahun")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Makin tinggi makin baik")
    LOWER = "lower", _("Makin rendah makin baik")


class KpiStatus(ColoredChoices):
    GREEN = "green", _("Tercapai")
    YELLOW = "yellow", _("Perlu perhatian")
    RED = "red", _("Tidak tercapai")
    GREY = "grey", _("Data belum cukup")

    COLORS = nonmember({"green": "green", "yellow": "yellow", "red": "red", "grey": "grey"})


class WallPanel(models.TextChoices):
    KPIS = "kpis", _("Indikator kinerja")
    QUEUE = "queue", _("Antrean laporan")
    MAP = "map", _("Peta laporan terbuka")
    WARNINGS = "warnings", _("Peringatan aktif")
    SENSORS = "sensors", _("Sensor berstatus siaga")
    CAMERAS = "cameras", _("Kamera")
