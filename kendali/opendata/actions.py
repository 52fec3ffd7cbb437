"""Everything that changes open data: automatic datasets kept current, the daily statistics
rollup, uploads by the admin, publishing, and download counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kendali.agencies.models import Agency, User
from kendali.audit.actions import record
from kendali.lib.errors import Invalid, NotAllowed
from kendali.opendata import datastore, providers
from kendali.opendata.choices import DatasetKind, Frequency, Licence, Theme
from kendali.opendata.models import DailyStat, Dataset, Resource
from kendali.opendata.uploads import parse_upload
from kendali.reports.models import Report

STATS_RECENT_DAYS = 3  # days the periodic refresh recomputes (late resolutions move counts)


def ensure_auto_datasets() -> list[Dataset]:
    """Create the automatic datasets and their resources if they are missing."""
    made = []
    with transaction.atomic():
        for spec in providers.AUTO_DATASETS:
            dataset, created = Dataset.objects.get_or_create(
                kind=spec.kind,
                defaults={
                    "name": spec.name,
                    "title_ind": spec.title_ind,
                    "title_en": spec.title_en,
                    "notes_ind": spec.notes_ind,
                    "notes_en": spec.notes_en,
                    "frequency": spec.frequency,
                    "theme": spec.theme,
                    "keywords": spec.keywords,
                    "licence": Licence.CC_BY,
                    "columns": providers.columns_of(spec.kind),
                },
            )
            if created:
                for position, fmt in enumerate(spec.formats):
                    Resource.objects.create(
                        dataset=dataset,
                        name=f"{spec.title_ind} ({fmt})",
                        format=fmt,
                        position=position,
                    )
                record(actor=None, action="opendata.create", obj=dataset, source="worker")
                made.append(dataset)
    return made


def refresh_daily_stats(since: date | None = None) -> int:
    """Rebuild the rollup from ``since`` (everything when None); return the rows written."""
    reports = Report.objects.filter(is_confidential=False)
    kecamatan = Coalesce("area__parent_id", "area_id")
    received = reports.annotate(day=TruncDate("created_at"), kec=kecamatan)
    resolved = reports.filter(resolved_at__isnull=False).annotate(
        day=TruncDate("resolved_at"), kec=kecamatan
    )
    if since is not None:
        received = received.filter(day__gte=since)
        resolved = resolved.filter(day__gte=since)
    counts: dict[tuple[date, int, int | None, int | None], list[int]] = {}
    for index, rows in enumerate((received, resolved)):
        grouped = rows.values("day", "category_id", "agency_id", "kec").annotate(n=Count("id"))
        for row in grouped:
            key = (row["day"], row["category_id"], row["agency_id"], row["kec"])
            counts.setdefault(key, [0, 0])[index] += row["n"]
    with transaction.atomic():
        stale = (
            DailyStat.objects.all() if since is None else DailyStat.objects.filter(date__gte=since)
        )
        stale.delete()
        DailyStat.objects.bulk_create(
            (
                DailyStat(
                    date=day,
                    category_id=category,
                    agency_id=agency,
                    area_id=area,
                    received=values[0],
                    resolved=values[1],
                )
                for (day, category, agency, area), values in counts.items()
            ),
            batch_size=1000,
        )
    return len(counts)


def refresh_all() -> dict[str, int]:
    """The periodic job: datasets exist, statistics are current, row counts are right, and
    uploads stored before the DataStore have their rows."""
    ensure_auto_datasets()
    datastore.load_missing()
    since = None
    if DailyStat.objects.exists():
        since = timezone.localdate() - timedelta(days=STATS_RECENT_DAYS)
    stats = refresh_daily_stats(since)
    now = timezone.now()
    for dataset in Dataset.objects.exclude(kind=DatasetKind.UPLOAD):
        count = providers.count_of(dataset.kind)
        start, end = providers.period_of(dataset.kind)
        if count != dataset.row_count:
            Dataset.objects.filter(pk=dataset.pk).update(row_count=count, data_modified_at=now)
        if (start, end) != (dataset.temporal_start, dataset.temporal_end):
            Dataset.objects.filter(pk=dataset.pk).update(temporal_start=start, temporal_end=end)
    return {"stats_rows": stats}


# ---------------------------------------------------------------------------------------------
# Uploads


def may_manage(user: object) -> bool:
    return bool(getattr(user, "is_supervisor", False))


@dataclass
class UploadMeta:
    title_ind: str
    title_en: str = ""
    notes_ind: str = ""
    notes_en: str = ""
    name: str = ""
    publisher: str = ""  # agency code, or empty for the command center
    licence: str = Licence.CC_BY
    frequency: str = Frequency.IRREGULAR
    theme: str = Theme.GOVERNMENT
    keywords: str = ""


def _check_meta(meta: UploadMeta, *, existing: Dataset | None = None) -> tuple[str, Agency | None]:
    errors: dict[str, str] = {}
    if not meta.title_ind.strip():
        errors["title_ind"] = _("Wajib diisi.")
    elif len(meta.title_ind) > 200:
        errors["title_ind"] = _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": 200}
    name = slugify(meta.name or meta.title_ind)[:100]
    if not name:
        errors["name"] = _("Nama di alamat tidak bisa dibuat dari judul ini.")
    elif Dataset.objects.filter(name=name).exclude(pk=existing.pk if existing else 0).exists():
        errors["name"] = _("Nama %(name)s sudah dipakai dataset lain.") % {"name": name}
    publisher = None
    if meta.publisher:
        publisher = Agency.objects.filter(code=meta.publisher).first()
        if publisher is None:
            errors["publisher"] = _("Perangkat daerah tidak dikenal.")
    for field, value, choices in (
        ("licence", meta.licence, Licence),
        ("frequency", meta.frequency, Frequency),
        ("theme", meta.theme, Theme),
    ):
        if value not in choices.values:
            errors[field] = _("Pilih salah satu.")
    if errors:
        raise Invalid(_("Dataset belum bisa disimpan. Periksa isian yang ditandai."), errors)
    return name, publisher


def upload_dataset(actor: User, meta: UploadMeta, filename: str, content: bytes) -> Dataset:
    """Check the file whole, then store the dataset, its resources and files together."""
    if not may_manage(actor):
        raise NotAllowed(_("Hanya supervisor atau admin yang mengunggah dataset."))
    name, publisher = _check_meta(meta)
    parsed = parse_upload(filename, content)
    written: list[Resource] = []
    try:
        with transaction.atomic():
            dataset = Dataset.objects.create(
                name=name,
                kind=DatasetKind.UPLOAD,
                title_ind=meta.title_ind.strip(),
                title_en=meta.title_en.strip(),
                notes_ind=meta.notes_ind.strip(),
                notes_en=meta.notes_en.strip(),
                publisher=publisher,
                licence=meta.licence,
                frequency=meta.frequency,
                theme=meta.theme,
                keywords=meta.keywords.strip()[:300],
                row_count=parsed.row_count,
                columns=parsed.columns,
                preview=parsed.preview,
                created_by=actor,
            )
            files = [(parsed.format, parsed.content)]
            if parsed.csv_copy is not None:
                files.insert(0, ("CSV", parsed.csv_copy))
            for position, (fmt, data) in enumerate(files):
                resource = Resource(
                    dataset=dataset,
                    name=f"{dataset.title_ind} ({fmt})",
                    format=fmt,
                    size=len(data),
                    position=position,
                )
                resource.file.save(f"{name}.{fmt.lower()}", ContentFile(data), save=False)
                written.append(resource)
                resource.save()
            if parsed.format in datastore.TABULAR_FORMATS:
                served = parsed.csv_copy if parsed.csv_copy is not None else parsed.content
                datastore.store_rows(dataset, datastore.csv_rows(served, len(parsed.columns)))
            record(
                actor=actor,
                action="opendata.upload",
                obj=dataset,
                after={"name": name, "format": parsed.format, "rows": parsed.row_count},
            )
    except BaseException:
        for resource in written:
            resource.file.delete(save=False)
        raise
    return dataset


def set_published(dataset: Dataset, actor: User, *, published: bool) -> Dataset:
    if not may_manage(actor):
        raise NotAllowed(_("Hanya supervisor atau admin yang mengatur dataset."))
    with transaction.atomic():
        dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if dataset.is_published != published:
            dataset.is_published = published
            dataset.modified_at = timezone.now()
            dataset.save(update_fields=["is_published", "modified_at"])
            record(
                actor=actor,
                action="opendata.publish" if published else "opendata.unpublish",
                obj=dataset,
                after={"published": published},
            )
    return dataset


def count_download(resource: Resource) -> None:
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
