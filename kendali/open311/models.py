"""Open311 GeoReport v2: the questions of each service (category), the API keys of integrations,
and what arrived with each request (answers, media URL, token)."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from kendali.agencies.models import User
from kendali.lib.tokens import HashedToken
from kendali.open311.choices import Datatype
from kendali.reports.models import Category, Report

KEY_PREFIX = "o311_"
RATE_PATTERN = re.compile(r"^\d{1,6}/\d{0,4}[smhd]$")
MEDIA_URL_MAX = 500


class ServiceAttribute(models.Model):
    """A question an Open311 client asks when filing a request of this category."""

    objects: MultilingualManager[ServiceAttribute] = MultilingualManager()
    category = models.ForeignKey(
        Category,
        verbose_name=_("kategori"),
        on_delete=models.CASCADE,
        related_name="open311_attributes",
    )
    code = models.SlugField(_("kode"), max_length=64)
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    datatype = models.CharField(_("jenis isian"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("wajib"), default=False)
    # Translated (kendali/open311/translation.py): description_ind/en/su.
    description = models.CharField(_("pertanyaan"), max_length=300, default="")
    # The three languages' columns, added by modeltranslation (translation.py).
    description_ind: str | None
    description_en: str | None
    description_su: str | None
    datatype_description = models.CharField(_("petunjuk isian"), max_length=300, blank=True)
    # For lists: [{"key": "besar", "name": "Besar (> 50 cm)"}, ...]
    values = models.JSONField(_("pilihan"), default=list, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pertanyaan layanan")
        verbose_name_plural = _("pertanyaan layanan")
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], name="open311_attribute_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category.code}: {self.code}"

    def value_keys(self) -> list[str]:
        return [str(item.get("key")) for item in self.values if isinstance(item, dict)]

    def clean(self) -> None:
        if self.datatype in Datatype.lists():
            if not isinstance(self.values, list) or not self.values:
                raise ValidationError({"values": _("Isian pilihan butuh daftar pilihan.")})
            for item in self.values:
                if not (isinstance(item, dict) and item.get("key") and item.get("name")):
                    raise ValidationError(
                        {"values": _('Setiap pilihan ditulis {"key": ..., "name": ...}.')}
                    )
            keys = self.value_keys()
            if len(set(keys)) != len(keys):
                raise ValidationError({"values": _("Kunci pilihan tidak boleh kembar.")})
        elif self.values:
            raise ValidationError({"values": _("Hanya isian pilihan yang punya daftar pilihan.")})


def validate_rate(value: str) -> None:
    if not RATE_PATTERN.match(value or ""):
        raise ValidationError(_("Tulis batas seperti 60/m, 1000/h atau 5000/d."))


class ApiKey(HashedToken):
    """The key of one integration (a civic app, a partner system). Only a digest is stored."""

    MARKER = KEY_PREFIX
    SECRET_BYTES = 24

    name = models.CharField(_("nama integrasi"), max_length=120)
    contact = models.CharField(_("kontak pengelola"), max_length=200, blank=True)
    rate = models.CharField(
        _("batas permintaan"),
        max_length=20,
        default="60/m",
        validators=[validate_rate],
        help_text=_("Banyak permintaan per satuan waktu, misalnya 60/m atau 1000/h."),
    )
    # Trusted integrations (an agency's own system) may post public updates as this user.
    update_user = models.ForeignKey(
        User,
        verbose_name=_("akun untuk tindak lanjut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Bila diisi, integrasi ini boleh mengirim tindak lanjut publik (servicerequestupdates) "
            "atas nama akun ini."
        ),
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("kunci API Open311")
        verbose_name_plural = _("kunci API Open311")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def is_trusted(self) -> bool:
        return self.update_user_id is not None


class Submission(models.Model):
    """What came with a report filed through Open311, and the token that finds it again."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="open311")
    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="submissions")
    token = models.CharField(max_length=40, unique=True, editable=False)
    media_url = models.URLField(max_length=MEDIA_URL_MAX, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kiriman Open311")
        verbose_name_plural = _("kiriman Open311")

    def __str__(self) -> str:
        return f"{self.report_id} via {self.api_key_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.token:
            self.token = secrets.token_urlsafe(18)
        super().save(*args, **kwargs)


class RequestAnswer(models.Model):
    """The answer to one service question, kept with the report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="open311_answers")
    attribute = models.ForeignKey(
        ServiceAttribute, on_delete=models.PROTECT, related_name="answers"
    )
    # A string, a number, an ISO datetime, or a list of keys for multivaluelist.
    value = models.JSONField()

    class Meta:
        verbose_name = _("jawaban pertanyaan layanan")
        verbose_name_plural = _("jawaban pertanyaan layanan")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "attribute"], name="open311_answer_unique_attribute"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.attribute_id}"
