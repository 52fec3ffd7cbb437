"""Choices of the Open311 GeoReport v2 interface."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Datatype(models.TextChoices):
    """GeoReport v2 attribute datatypes."""

    STRING = "string", _("Teks pendek")
    NUMBER = "number", _("Angka")
    DATETIME = "datetime", _("Tanggal dan jam")
    TEXT = "text", _("Teks panjang")
    SINGLEVALUELIST = "singlevaluelist", _("Pilih satu")
    MULTIVALUELIST = "multivaluelist", _("Pilih beberapa")

    @classmethod
    def lists(cls) -> set[str]:
        return {cls.SINGLEVALUELIST, cls.MULTIVALUELIST}
