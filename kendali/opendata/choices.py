"""Choices of open data: kinds of datasets, licences, update frequencies and formats, each with
the URIs that DCAT-AP and CKAN expect."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatasetKind(models.TextChoices):
    REPORTS = "reports", _("Laporan warga (anonim)")
    DAILY_STATS = "daily_stats", _("Statistik harian")
    WARNINGS = "warnings", _("Peringatan publik")
    SOPS = "sops", _("Katalog SOP")
    UPLOAD = "upload", _("Unggahan admin")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Atribusi 4.0")
    CC0 = "cc-zero", _("Creative Commons CC0 (domain publik)")
    ODBL = "odc-odbl", _("Open Data Commons ODbL")

    @classmethod
    def url(cls, value: str) -> str:
        return {
            "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
            "cc-zero": "https://creativecommons.org/publicdomain/zero/1.0/",
            "odc-odbl": "https://opendatacommons.org/licenses/odbl/1-0/",
        }[value]

    @classmethod
    def eu_uri(cls, value: str) -> str:
        """The licence in the EU licence vocabulary, which DCAT-AP asks for."""
        return (
            EU_LICENCE + {"cc-by-4.0": "CC_BY_4_0", "cc-zero": "CC0", "odc-odbl": "ODC_BL"}[value]
        )

    @classmethod
    def types(cls, value: str) -> tuple[str, ...]:
        """What the licence asks of a user, in the ADMS licence types (DCAT-AP's dct:type)."""
        return tuple(
            ADMS_LICENCE_TYPE + kind
            for kind in {
                "cc-by-4.0": ("Attribution",),
                "cc-zero": ("PublicDomain",),
                "odc-odbl": ("Attribution", "ViralEffect-ShareAlike"),
            }[value]
        )


EU_LICENCE = "http://publications.europa.eu/resource/authority/licence/"
ADMS_LICENCE_TYPE = "http://purl.org/adms/licencetype/"


EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"


class Frequency(models.TextChoices):
    CONTINUOUS = "UPDATE_CONT", _("Terus-menerus")
    DAILY = "DAILY", _("Harian")
    WEEKLY = "WEEKLY", _("Mingguan")
    MONTHLY = "MONTHLY", _("Bulanan")
    QUARTERLY = "QUARTERLY", _("Triwulanan")
    ANNUAL = "ANNUAL", _("Tahunan")
    IRREGULAR = "IRREG", _("Tidak tetap")


EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"


class Theme(models.TextChoices):
    GOVERNMENT = "GOVE", _("Pemerintahan dan sektor publik")
    ENVIRONMENT = "ENVI", _("Lingkungan")
    TRANSPORT = "TRAN", _("Transportasi")
    SOCIETY = "SOCI", _("Kependudukan dan masyarakat")
    HEALTH = "HEAL", _("Kesehatan")
    REGIONS = "REGI", _("Wilayah dan kota")
    ENERGY = "ENER", _("Energi")


EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA_MEDIA = "https://www.iana.org/assignments/media-types/"

# format → (media type, EU file type)
FORMATS = {
    "CSV": ("text/csv", "CSV"),
    "GeoJSON": ("application/geo+json", "GEOJSON"),
    "XLSX": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
}
