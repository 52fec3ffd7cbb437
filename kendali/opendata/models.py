"""Open data: datasets (published automatically from Kendali's own data, or uploaded by the
admin), their downloadable resources, and the daily statistics rollup."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from kendali.agencies.models import Agency
from kendali.cities.models import Area
from kendali.opendata.choices import DatasetKind, Frequency, Licence, Theme
from kendali.reports.models import Category


class Dataset(models.Model):
    objects: MultilingualManager[Dataset] = MultilingualManager()
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.SlugField(
        _("nama (di alamat)"),
        max_length=100,
        unique=True,
        help_text=_("Huruf kecil, angka dan tanda -"),
    )
    kind = models.CharField(
        _("jenis"), max_length=20, choices=DatasetKind.choices, default=DatasetKind.UPLOAD
    )
    # Translated (kendali/opendata/translation.py): title_ind/en/su, notes_ind/en/su.
    title = models.CharField(_("judul"), max_length=200, default="")
    notes = models.TextField(_("keterangan"), blank=True)
    # The three languages' columns, added by modeltranslation (translation.py).
    title_ind: str | None
    title_en: str | None
    title_su: str | None
    notes_ind: str | None
    notes_en: str | None
    notes_su: str | None
    publisher = models.ForeignKey(
        Agency,
        verbose_name=_("penerbit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="datasets",
        help_text=_("Kosong: command center kota."),
    )
    licence = models.CharField(
        _("lisensi"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    frequency = models.CharField(
        _("frekuensi pembaruan"),
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.IRREGULAR,
    )
    theme = models.CharField(
        _("tema"), max_length=4, choices=Theme.choices, default=Theme.GOVERNMENT
    )
    keywords = models.CharField(
        _("kata kunci"), max_length=300, blank=True, help_text=_("Pisahkan dengan koma.")
    )
    is_published = models.BooleanField(_("terbit"), default=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0, editable=False)
    columns = models.JSONField(default=list, blank=True, editable=False)
    # Uploaded datasets keep their first rows for the preview on the portal.
    preview = models.JSONField(default=list, blank=True, editable=False)
    # The time the data covers (DCAT's dct:temporal): kept by the refresh job for the
    # automatic datasets, set by the admin for an upload when known.
    temporal_start = models.DateTimeField(_("cakupan waktu: mulai"), null=True, blank=True)
    temporal_end = models.DateTimeField(_("cakupan waktu: sampai"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_at = models.DateTimeField(default=timezone.now, editable=False)
    data_modified_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("dataset")
        ordering = ["title_ind"]

    def __str__(self) -> str:
        return str(self.title_ind or self.title)

    @property
    def tags(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    @property
    def is_automatic(self) -> bool:
        return self.kind != DatasetKind.UPLOAD


def resource_path(instance: Resource, filename: str) -> str:
    return f"opendata/{instance.uuid}/{filename}"


class Resource(models.Model):
    """One download of a dataset: a file the admin uploaded, or a format Kendali streams."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("nama"), max_length=200)
    format = models.CharField(_("format"), max_length=20)
    file = models.FileField(upload_to=resource_path, max_length=250, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    download_count = models.PositiveIntegerField(_("diunduh"), default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("sumber data")
        verbose_name_plural = _("sumber data")
        ordering = ["dataset", "position", "id"]

    def __str__(self) -> str:
        return f"{self.dataset.name} {self.format}"

    @property
    def filename(self) -> str:
        extension = {"CSV": "csv", "GeoJSON": "geojson", "XLSX": "xlsx"}.get(self.format, "dat")
        return f"{self.dataset.name}.{extension}"


class DailyStat(models.Model):
    """Reports received and resolved per day, category, agency and kecamatan (a rollup the
    refresh job rebuilds), so statistics stay fast as reports grow to millions."""

    date = models.DateField()
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, null=True, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(Area, null=True, on_delete=models.CASCADE, related_name="+")
    received = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("statistik harian")
        verbose_name_plural = _("statistik harian")
        ordering = ["date", "category", "agency", "area"]
        indexes = [models.Index(fields=["date"], name="dailystat_date_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.category_id}"


class DatastoreRow(models.Model):
    """One row of an uploaded table (CSV, or XLSX's first sheet), stored once at upload so the
    CKAN DataStore API searches it in the database instead of re-reading the file. Values are
    the cells as text, in the dataset's column order."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="datastore_rows")
    number = models.PositiveIntegerField()  # 1, 2, ... in file order; CKAN's _id
    values = models.JSONField(default=list)

    class Meta:
        verbose_name = _("baris DataStore")
        verbose_name_plural = _("baris DataStore")
        ordering = ["dataset_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="datastorerow_number_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id}#{self.number}"
