from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")

    @classmethod
    def depth(cls, level: str) -> int:
        return 0 if level == cls.KECAMATAN else 1
