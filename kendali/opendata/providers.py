"""What each automatic dataset contains: its columns, its rows (streamed, in constant memory),
and for reports a GeoJSON view. Personal data never leaves: reports are public ones only (never
confidential), without reporter fields, with locations rounded to about 100 m and free text only
when an operator marked it public."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse

from kendali.opendata.choices import DatasetKind, Frequency, Theme
from kendali.opendata.models import DailyStat
from kendali.reports.access import public_reports
from kendali.reports.choices import ReportStatus

CHUNK_ROWS = 5000
COARSE_DECIMALS = 3  # 0.001° ≈ 110 m at Bandung's latitude
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class AutoDataset:
    kind: str
    name: str
    title_ind: str
    title_en: str
    notes_ind: str
    notes_en: str
    frequency: str
    theme: str
    keywords: str
    formats: tuple[str, ...]


AUTO_DATASETS = [
    AutoDataset(
        kind=DatasetKind.REPORTS,
        name="laporan-warga",
        title_ind="Laporan warga (anonim)",
        title_en="Citizens' reports (anonymised)",
        notes_ind=(
            "Setiap laporan warga yang sudah diverifikasi, tanpa data pribadi: identitas dan "
            "kontak pelapor tidak pernah disertakan, laporan rahasia tidak dimuat, lokasi "
            "dibulatkan sekitar 100 m, dan uraian hanya dimuat bila operator menandainya publik."
        ),
        notes_en=(
            "Every verified citizen report, without personal data: the reporter's identity and "
            "contact are never included, confidential reports are left out, locations are rounded "
            "to about 100 m, and the description only appears when an operator marked it public."
        ),
        frequency=Frequency.CONTINUOUS,
        theme=Theme.GOVERNMENT,
        keywords="laporan warga, pengaduan, layanan publik",
        formats=("CSV", "GeoJSON"),
    ),
    AutoDataset(
        kind=DatasetKind.DAILY_STATS,
        name="statistik-harian-laporan",
        title_ind="Statistik harian laporan per kategori, perangkat daerah dan kecamatan",
        title_en="Daily report statistics per category, agency and district",
        notes_ind="Jumlah laporan yang masuk dan yang selesai ditangani setiap hari.",
        notes_en="Reports received and resolved each day.",
        frequency=Frequency.DAILY,
        theme=Theme.GOVERNMENT,
        keywords="statistik, kinerja, laporan warga",
        formats=("CSV",),
    ),
    AutoDataset(
        kind=DatasetKind.WARNINGS,
        name="peringatan-publik",
        title_ind="Peringatan publik (CAP)",
        title_en="Public warnings (CAP)",
        notes_ind="Semua peringatan yang pernah diterbitkan, dengan tautan ke dokumen CAP 1.2.",
        notes_en="Every warning ever published, with links to its CAP 1.2 document.",
        frequency=Frequency.CONTINUOUS,
        theme=Theme.REGIONS,
        keywords="peringatan dini, bencana, CAP",
        formats=("CSV",),
    ),
    AutoDataset(
        kind=DatasetKind.SOPS,
        name="katalog-sop",
        title_ind="Katalog SOP command center",
        title_en="Command center SOP catalogue",
        notes_ind=(
            "SOP yang berlaku: versi, tanggal terbit, jumlah langkah, batas waktu dan kategori "
            "laporan yang ditanganinya, dengan tautan ke halaman dan PDF-nya."
        ),
        notes_en=(
            "The SOPs in force: version, publication date, number of steps, time limits and the "
            "report categories they handle, with links to their page and PDF."
        ),
        frequency=Frequency.IRREGULAR,
        theme=Theme.GOVERNMENT,
        keywords="SOP, tata kelola, prosedur",
        formats=("CSV",),
    ),
]


_TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _fixed_offset() -> tuple[timedelta, str] | None:
    """Indonesia's zones keep one offset all year; then a UTC time is shifted by simple
    arithmetic, three times faster than a time-zone conversion (it counts at a million rows)."""
    year = datetime.now(UTC).year
    offsets = {datetime(year, month, 1, tzinfo=_TZ).utcoffset() for month in (1, 7)}
    if len(offsets) != 1:
        return None
    offset = offsets.pop()
    assert offset is not None
    return offset, datetime(year, 1, 1, tzinfo=_TZ).isoformat()[-6:]


_FIXED = _fixed_offset()


def _when(value: datetime | None) -> str:
    """ISO 8601 in the city's time, with its offset."""
    if value is None:
        return ""
    if _FIXED is not None and value.tzinfo is UTC:
        shifted = value.replace(tzinfo=None) + _FIXED[0]
        return shifted.isoformat(timespec="seconds") + _FIXED[1]
    return value.astimezone(_TZ).isoformat(timespec="seconds")


def _safe_text(text: str) -> str:
    """Free text in a CSV cell that a spreadsheet would run as a formula gets a quote first."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _coarse(value: float | None) -> float | str:
    return round(value, COARSE_DECIMALS) if value is not None else ""


REPORT_COLUMNS = [
    "ticket",
    "category_code",
    "category",
    "status",
    "open311_status",
    "channel",
    "created_at",
    "verified_at",
    "resolved_at",
    "closed_at",
    "agency_code",
    "agency",
    "kecamatan_code",
    "kecamatan",
    "kelurahan_code",
    "kelurahan",
    "latitude",
    "longitude",
    "description",
]
_REPORT_FIELDS = [
    "ticket",
    "category__code",
    "category__name_ind",
    "status",
    "channel",
    "created_at",
    "verified_at",
    "resolved_at",
    "closed_at",
    "agency__code",
    "agency__name",
    "area__level",
    "area__code",
    "area__name",
    "area__parent__code",
    "area__parent__name",
    "latitude",
    "longitude",
    "description_is_public",
    "description",
]


def report_rows() -> Iterator[list[Any]]:
    open311 = {s: ReportStatus.open311_status(s) for s in ReportStatus.values}
    rows = (
        public_reports()
        .order_by("id")  # arrival order, without sorting a million rows first
        .values_list(*_REPORT_FIELDS)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    for (
        ticket,
        category_code,
        category,
        status,
        channel,
        created,
        verified,
        resolved,
        closed,
        agency_code,
        agency,
        level,
        area_code,
        area_name,
        parent_code,
        parent_name,
        latitude,
        longitude,
        text_public,
        description,
    ) in rows:
        if level == "kelurahan":
            kecamatan = (parent_code or "", parent_name or "")
            kelurahan = (area_code, area_name)
        else:
            kecamatan = (area_code or "", area_name or "")
            kelurahan = ("", "")
        yield [
            ticket,
            category_code,
            category,
            status,
            open311[status],
            channel,
            _when(created),
            _when(verified),
            _when(resolved),
            _when(closed),
            agency_code or "",
            agency or "",
            *kecamatan,
            *kelurahan,
            _coarse(latitude),
            _coarse(longitude),
            _safe_text(description) if text_public else "",
        ]


def report_features() -> Iterator[dict[str, Any]]:
    for row in report_rows():
        properties = dict(zip(REPORT_COLUMNS, row, strict=True))
        latitude, longitude = properties.pop("latitude"), properties.pop("longitude")
        geometry = (
            {"type": "Point", "coordinates": [longitude, latitude]} if latitude != "" else None
        )
        yield {"type": "Feature", "geometry": geometry, "properties": properties}


STATS_COLUMNS = [
    "date",
    "category_code",
    "category",
    "agency_code",
    "agency",
    "kecamatan_code",
    "kecamatan",
    "received",
    "resolved",
]


def stats_rows() -> Iterator[list[Any]]:
    rows = (
        DailyStat.objects.order_by("date", "category_id", "agency_id", "area_id")
        .values_list(
            "date",
            "category__code",
            "category__name_ind",
            "agency__code",
            "agency__name",
            "area__code",
            "area__name",
            "received",
            "resolved",
        )
        .iterator(chunk_size=CHUNK_ROWS)
    )
    for row in rows:
        yield [row[0].isoformat(), *("" if v is None else v for v in row[1:])]


WARNING_COLUMNS = [
    "identifier",
    "msg_type",
    "state",
    "event",
    "category",
    "severity",
    "urgency",
    "certainty",
    "headline_id",
    "headline_en",
    "onset",
    "expires",
    "sent",
    "areas",
    "cap_url",
]


def warning_rows(base: str = "") -> Iterator[list[Any]]:
    from kendali.warnings.models import PublicWarning

    rows = (
        PublicWarning.objects.filter(sent__isnull=False)
        .prefetch_related("areas")
        .order_by("sent", "id")
    )
    for warning in rows:
        yield [
            warning.identifier,
            warning.msg_type,
            warning.state,
            warning.event_ind,
            warning.category,
            warning.severity,
            warning.urgency,
            warning.certainty,
            warning.headline_ind,
            warning.headline_en,
            _when(warning.onset),
            _when(warning.expires),
            _when(warning.sent),
            "; ".join(a.description for a in warning.areas.all()),
            base + reverse("warnings-feed:cap", args=[warning.identifier]),
        ]


SOP_COLUMNS = [
    "code",
    "title",
    "version",
    "published",
    "steps",
    "time_limit_minutes_total",
    "categories",
    "legal_basis",
    "page_url",
    "pdf_url",
]


def sop_rows(base: str = "") -> Iterator[list[Any]]:
    """One row per SOP in force (its published version); drafts and retired versions stay
    inside the command center."""
    from django.db.models import Count, Sum

    from kendali.sops.choices import VersionStatus
    from kendali.sops.models import SOPVersion

    versions = (
        SOPVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("sop")
        .prefetch_related("sop__categories")
        .annotate(step_count=Count("steps"), minutes=Sum("steps__time_limit_minutes"))
        .order_by("sop__code")
    )
    for version in versions:
        sop = version.sop
        yield [
            sop.code,
            _safe_text(sop.title),
            version.number,
            _when(version.published_at),
            version.step_count,
            version.minutes or 0,
            "; ".join(sorted(c.code for c in sop.categories.all())),
            _safe_text(sop.legal_basis),
            base + reverse("portal:sop", args=[sop.code]),
            base + reverse("portal:sop-pdf", args=[sop.code]),
        ]


def columns_of(kind: str) -> list[str]:
    if kind == DatasetKind.REPORTS:
        return REPORT_COLUMNS
    if kind == DatasetKind.DAILY_STATS:
        return STATS_COLUMNS
    if kind == DatasetKind.WARNINGS:
        return WARNING_COLUMNS
    if kind == DatasetKind.SOPS:
        return SOP_COLUMNS
    return []


def rows_of(kind: str, base: str = "") -> Iterator[list[Any]]:
    if kind == DatasetKind.REPORTS:
        return report_rows()
    if kind == DatasetKind.DAILY_STATS:
        return stats_rows()
    if kind == DatasetKind.WARNINGS:
        return warning_rows(base)
    if kind == DatasetKind.SOPS:
        return sop_rows(base)
    return iter(())


def count_of(kind: str) -> int:
    if kind == DatasetKind.REPORTS:
        return public_reports().count()
    if kind == DatasetKind.DAILY_STATS:
        return DailyStat.objects.count()
    if kind == DatasetKind.WARNINGS:
        from kendali.warnings.models import PublicWarning

        return PublicWarning.objects.filter(sent__isnull=False).count()
    if kind == DatasetKind.SOPS:
        from kendali.sops.choices import VersionStatus
        from kendali.sops.models import SOPVersion

        return SOPVersion.objects.filter(status=VersionStatus.PUBLISHED).count()
    return 0
