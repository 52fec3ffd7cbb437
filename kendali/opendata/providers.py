"""What each automatic dataset contains: its columns, its rows (streamed, in constant memory),
and for reports a GeoJSON view. Personal data never leaves: reports are public ones only (never
confidential), without reporter fields, with locations rounded to about 100 m and free text only
when an operator marked it public."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Min, Q, QuerySet
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


@dataclass
class RowQuery:
    """A window on a dataset's rows for the DataStore API: a filter, an order (the row id
    breaks ties) and offset/limit, all run by the database. Rows then start with their id."""

    where: Q = field(default_factory=Q)
    order: list[Any] = field(default_factory=list)
    offset: int = 0
    limit: int | None = None


def _narrow(rows: QuerySet[Any], query: RowQuery | None, *order: str) -> QuerySet[Any]:
    if query is None:
        return rows.order_by(*order)
    return rows.filter(query.where).order_by(*query.order, "id")


def _window(rows: QuerySet[Any], query: RowQuery | None) -> QuerySet[Any]:
    if query is None or query.limit is None:
        return rows
    return rows[query.offset : query.offset + query.limit]


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
    "agency__name_ind",
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


def report_rows(query: RowQuery | None = None) -> Iterator[list[Any]]:
    open311 = {s: ReportStatus.open311_status(s) for s in ReportStatus.values}
    # arrival order, without sorting a million rows first
    reports = _narrow(public_reports(), query, "id").values_list(*_REPORT_FIELDS, "id")
    rows = _window(reports, query).iterator(chunk_size=CHUNK_ROWS)
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
        row_id,
    ) in rows:
        if level == "kelurahan":
            kecamatan = (parent_code or "", parent_name or "")
            kelurahan = (area_code, area_name)
        else:
            kecamatan = (area_code or "", area_name or "")
            kelurahan = ("", "")
        row = [
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
        if query is not None:
            row.insert(0, row_id)
        yield row


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


def stats_rows(query: RowQuery | None = None) -> Iterator[list[Any]]:
    stats = _narrow(DailyStat.objects.all(), query, "date", "category_id", "agency_id", "area_id")
    rows = _window(
        stats.values_list(
            "date",
            "category__code",
            "category__name_ind",
            "agency__code",
            "agency__name_ind",
            "area__code",
            "area__name",
            "received",
            "resolved",
            "id",
        ),
        query,
    ).iterator(chunk_size=CHUNK_ROWS)
    for *row, row_id in rows:
        values = [row[0].isoformat(), *("" if v is None else v for v in row[1:])]
        yield values if query is None else [row_id, *values]


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


def warning_rows(base: str = "", query: RowQuery | None = None) -> Iterator[list[Any]]:
    rows = _window(
        _narrow(source_of(DatasetKind.WARNINGS), query, "sent", "id").prefetch_related("areas"),
        query,
    )
    for warning in rows:
        row = [
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
            base + reverse("warnings:cap", args=[warning.identifier]),
        ]
        yield row if query is None else [warning.pk, *row]


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


def sop_rows(base: str = "", query: RowQuery | None = None) -> Iterator[list[Any]]:
    """One row per SOP in force (its published version); drafts and retired versions stay
    inside the command center."""
    from django.db.models import Count, Sum

    versions = _window(
        _narrow(source_of(DatasetKind.SOPS), query, "sop__code")
        .select_related("sop")
        .prefetch_related("sop__categories")
        .annotate(step_count=Count("steps"), minutes=Sum("steps__time_limit_minutes")),
        query,
    )
    for version in versions:
        sop = version.sop
        row = [
            sop.code,
            _safe_text(sop.title),
            version.number,
            _when(version.published_at),
            version.step_count,
            version.minutes or 0,
            "; ".join(sorted(c.code for c in sop.categories.all())),
            _safe_text(sop.legal_basis),
            base + reverse("sops-portal:detail", args=[sop.code]),
            base + reverse("sops-portal:pdf", args=[sop.code]),
        ]
        yield row if query is None else [version.pk, *row]


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


def rows_of(kind: str, base: str = "", query: RowQuery | None = None) -> Iterator[list[Any]]:
    if kind == DatasetKind.REPORTS:
        return report_rows(query)
    if kind == DatasetKind.DAILY_STATS:
        return stats_rows(query)
    if kind == DatasetKind.WARNINGS:
        return warning_rows(base, query)
    if kind == DatasetKind.SOPS:
        return sop_rows(base, query)
    return iter(())


def source_of(kind: str) -> QuerySet[Any]:
    """The database rows an automatic dataset publishes, one per row, before any shaping."""
    if kind == DatasetKind.REPORTS:
        return public_reports()
    if kind == DatasetKind.DAILY_STATS:
        return DailyStat.objects.all()
    if kind == DatasetKind.WARNINGS:
        from kendali.warnings.models import PublicWarning

        return PublicWarning.objects.filter(sent__isnull=False)
    if kind == DatasetKind.SOPS:
        from kendali.sops.choices import VersionStatus
        from kendali.sops.models import SOPVersion

        return SOPVersion.objects.filter(status=VersionStatus.PUBLISHED)
    raise ValueError(kind)


# The columns the DataStore API filters and sorts in the database: column -> (ORM path, and
# whether the column is that value unchanged, so it can be matched exactly and listed
# distinct). Formatted columns (times with the city's offset) only sort by their path.
DATASTORE_PATHS: dict[str, dict[str, tuple[str, bool]]] = {
    DatasetKind.REPORTS: {
        "ticket": ("ticket", True),
        "category_code": ("category__code", True),
        "category": ("category__name_ind", True),
        "status": ("status", True),
        "channel": ("channel", True),
        "created_at": ("created_at", False),
        "verified_at": ("verified_at", False),
        "resolved_at": ("resolved_at", False),
        "closed_at": ("closed_at", False),
        "agency_code": ("agency__code", True),
        "agency": ("agency__name_ind", True),
    },
    DatasetKind.DAILY_STATS: {
        "date": ("date", True),
        "category_code": ("category__code", True),
        "category": ("category__name_ind", True),
        "agency_code": ("agency__code", True),
        "agency": ("agency__name_ind", True),
        "kecamatan_code": ("area__code", True),
        "kecamatan": ("area__name", True),
        "received": ("received", True),
        "resolved": ("resolved", True),
    },
    DatasetKind.WARNINGS: {
        "identifier": ("identifier", True),
        "msg_type": ("msg_type", True),
        "state": ("state", True),
        "event": ("event_ind", True),
        "category": ("category", True),
        "severity": ("severity", True),
        "urgency": ("urgency", True),
        "certainty": ("certainty", True),
        "headline_id": ("headline_ind", True),
        "headline_en": ("headline_en", True),
        "onset": ("onset", False),
        "expires": ("expires", False),
        "sent": ("sent", False),
    },
    DatasetKind.SOPS: {
        "code": ("sop__code", True),
        "version": ("number", True),
        "published": ("published_at", False),
    },
}
# Where the DataStore's full-text ``q`` looks (never in a description kept private).
DATASTORE_TEXT: dict[str, list[str]] = {
    DatasetKind.REPORTS: ["ticket", "category__name_ind", "agency__name_ind", "area__name"],
    DatasetKind.DAILY_STATS: ["category__name_ind", "agency__name_ind", "area__name"],
    DatasetKind.WARNINGS: ["identifier", "event_ind", "headline_ind", "headline_en"],
    DatasetKind.SOPS: ["sop__code", "sop__title_ind"],
}
INTEGER_COLUMNS = frozenset(
    {"received", "resolved", "version", "steps", "time_limit_minutes_total"}
)
NUMERIC_COLUMNS = frozenset({"latitude", "longitude"})


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


# The time each automatic dataset's rows are about (DCAT's dct:temporal).
PERIOD_FIELDS: dict[str, str] = {
    DatasetKind.REPORTS: "created_at",
    DatasetKind.DAILY_STATS: "date",
    DatasetKind.WARNINGS: "sent",
    DatasetKind.SOPS: "published_at",
}


def _moment(value: Any, *, end: bool) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    day = datetime(value.year, value.month, value.day, tzinfo=_TZ)  # a date: the whole day
    return day + timedelta(days=1, seconds=-1) if end else day


def period_of(kind: str) -> tuple[datetime | None, datetime | None]:
    """The first and last moment an automatic dataset's rows cover (None, None when empty)."""
    name = PERIOD_FIELDS.get(kind)
    if name is None:
        return None, None
    bounds = source_of(kind).aggregate(start=Min(name), end=Max(name))
    return _moment(bounds["start"], end=False), _moment(bounds["end"], end=True)
