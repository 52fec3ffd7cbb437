"""The city this installation serves and its areas (kecamatan → kelurahan) with their polygons."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from kendali.cities.choices import AreaLevel
from kendali.lib.geo import GeometryError, parse_area_geometry


class City(models.Model):
    """The city profile, including what the public website says about the command center."""

    objects: MultilingualManager[City] = MultilingualManager()
    name = models.CharField(_("nama kota"), max_length=120)
    slug = models.SlugField(_("kode"), max_length=40, unique=True)
    province = models.CharField(_("provinsi"), max_length=120, blank=True)
    latitude = models.FloatField(_("lintang pusat peta"))
    longitude = models.FloatField(_("bujur pusat peta"))
    zoom = models.PositiveSmallIntegerField(_("zoom awal peta"), default=12)

    command_center_name = models.CharField(_("nama command center"), max_length=160)
    # Translated (kendali/cities/translation.py): tagline, about and organisation in id/en/su.
    tagline = models.CharField(_("slogan"), max_length=200, blank=True)
    regulation = models.TextField(
        _("dasar hukum"), blank=True, help_text=_("Peraturan yang mengatur command center.")
    )
    about = models.TextField(_("tentang (Markdown)"), blank=True)
    organisation = models.TextField(_("organisasi (Markdown)"), blank=True)
    # The three languages' columns, added by modeltranslation (translation.py).
    tagline_ind: str | None
    tagline_en: str | None
    tagline_su: str | None
    about_ind: str | None
    about_en: str | None
    about_su: str | None
    organisation_ind: str | None
    organisation_en: str | None
    organisation_su: str | None
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    emergency_number = models.CharField(_("nomor darurat"), max_length=20, default="112")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kota")
        verbose_name_plural = _("kota")

    def __str__(self) -> str:
        return self.name

    def localized(self, field: str) -> str:
        """A translated field in the page's language (Indonesian when it has none)."""
        return str(getattr(self, field) or "")

    @property
    def localized_tagline(self) -> str:
        return self.localized("tagline")

    @classmethod
    def current(cls) -> City | None:
        return cls.objects.order_by("id").first()


class Area(models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="areas")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("wilayah induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(_("tingkat"), max_length=20, choices=AreaLevel.choices)
    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    geometry = models.JSONField(_("batas wilayah (GeoJSON)"))
    min_lon = models.FloatField(editable=False)
    min_lat = models.FloatField(editable=False)
    max_lon = models.FloatField(editable=False)
    max_lat = models.FloatField(editable=False)
    centroid_lat = models.FloatField(editable=False)
    centroid_lon = models.FloatField(editable=False)
    is_approximate = models.BooleanField(
        _("batas perkiraan"),
        default=False,
        help_text=_("Batas digambar kira-kira, bukan batas resmi."),
    )
    source = models.CharField(_("sumber data"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["level", "name"]
        indexes = [models.Index(fields=["level", "name"], name="area_level_name_idx")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        geometry = parse_area_geometry(self.geometry)
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = geometry.bounds
        centre = geometry.representative_point()
        self.centroid_lon, self.centroid_lat = centre.x, centre.y
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            parse_area_geometry(self.geometry)
        except GeometryError as exc:
            raise ValidationError({"geometry": str(exc)}) from None
        if self.level == AreaLevel.KELURAHAN and not self.parent_id:
            raise ValidationError({"parent": _("Kelurahan harus berada di dalam kecamatan.")})
        if self.level == AreaLevel.KECAMATAN and self.parent_id:
            raise ValidationError({"parent": _("Kecamatan tidak punya wilayah induk.")})

    @property
    def depth(self) -> int:
        return AreaLevel.depth(self.level)
