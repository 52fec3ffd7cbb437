"""Agencies (perangkat daerah, OPD), the people who work in Kendali, and their API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from kendali.agencies.choices import AGENCY_ROLES, CENTER_ROLES, READ_ONLY_ROLES, Role
from kendali.lib.tokens import HashedToken


class Agency(models.Model):
    objects: MultilingualManager[Agency] = MultilingualManager()
    code = models.SlugField(
        _("kode"),
        max_length=30,
        unique=True,
        help_text=_("Singkatan tetap, misalnya dishub atau dlh."),
    )
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    description = models.TextField(_("tugas"), blank=True)
    # The three languages' columns, added by modeltranslation (translation.py).
    name_ind: str | None
    name_en: str | None
    name_su: str | None
    short_name_ind: str | None
    short_name_en: str | None
    short_name_su: str | None
    description_ind: str | None
    description_en: str | None
    description_su: str | None
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=60, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["short_name_ind"]

    def __str__(self) -> str:
        return self.short_name


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.OPERATOR)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    phone = models.CharField(_("telepon"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in AGENCY_ROLES and not self.agency_id:
            raise ValidationError({"agency": _("Peran ini harus terikat pada perangkat daerah.")})

    @property
    def is_center_staff(self) -> bool:
        return self.is_active and self.role in CENTER_ROLES

    @property
    def is_agency_staff(self) -> bool:
        return self.is_active and self.role in AGENCY_ROLES and self.agency_id is not None

    @property
    def reads_everything(self) -> bool:
        return self.is_active and (self.role in CENTER_ROLES or self.role in READ_ONLY_ROLES)

    @property
    def is_supervisor(self) -> bool:
        return self.is_active and self.role in {Role.SUPERVISOR, Role.ADMIN}


class ApiToken(HashedToken):
    """A bearer token for the JSON API, shown once (`kendali token create`)."""

    MARKER = "kdl_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @classmethod
    def issue(cls, user: User, name: str, **extra: Any) -> tuple[ApiToken, str]:
        """Create a token and return it with the secret, which is never stored."""
        return cls.create_with_secret(user=user, name=name, **extra)

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and self.user.is_active
        )
