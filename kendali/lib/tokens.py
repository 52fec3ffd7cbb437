"""Secret tokens that are shown once and kept only as a digest.

API tokens for staff, Open311 keys for partner apps and ingest tokens for sensors share one
abstract model: a short prefix to recognise a token in lists, the SHA-256 digest of the whole
secret (a lookup by digest needs no constant-time comparison: the digest of a guess says nothing
about the secret), when it was made, last used and revoked. Each kind names its marker
(``kdl_``, ``o311_``, ``kdt_``) so that a leaked secret is recognisable, for example by secret
scanners.

Each token carries scopes (``read``, ``write``, ``ingest``) and an expiry: a new token expires
``settings.TOKEN_DEFAULT_DAYS`` after it is made unless told otherwise (0: never). `matching`
finds only unrevoked, unexpired tokens; whoever resolves one checks its scope with `allows`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A secret longer than this is not one of ours; it is refused before hashing.
MAX_SECRET_LENGTH = 200
# Use is recorded at most this often: a busy integration must not write on every request.
TOUCH_INTERVAL = timedelta(minutes=1)
PREFIX_LENGTH = 12
SCOPES = ("read", "write", "ingest")


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


class HashedToken(models.Model):
    MARKER: ClassVar[str] = ""
    SECRET_BYTES: ClassVar[int] = 32

    prefix = models.CharField(_("awalan"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(
        _("terakhir dipakai"), null=True, blank=True, editable=False
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"), null=True, blank=True)
    # Space-separated, from SCOPES. A kind of token whose use is narrower overrides the default.
    scopes = models.CharField(
        _("cakupan"),
        max_length=40,
        default="read write",
        help_text=_("Dipisah spasi: read (membaca), write (mengubah), ingest (data sensor)."),
    )

    class Meta:
        abstract = True

    @classmethod
    def new_secret(cls) -> str:
        return cls.MARKER + secrets.token_urlsafe(cls.SECRET_BYTES)

    def set_secret(self, secret: str) -> None:
        self.prefix = secret[:PREFIX_LENGTH]
        self.digest = digest_of(secret)

    @classmethod
    def create_with_secret(cls, **fields: Any) -> tuple[Self, str]:
        """Store a new token and return it with its secret, which is never stored."""
        secret = cls.new_secret()
        if fields.get("expires_at") is None and settings.TOKEN_DEFAULT_DAYS:
            fields["expires_at"] = timezone.now() + timedelta(days=settings.TOKEN_DEFAULT_DAYS)
        if isinstance(fields.get("scopes"), list | tuple | set | frozenset):
            fields["scopes"] = " ".join(s for s in SCOPES if s in fields["scopes"])
        token = cls(**fields)
        token.set_secret(secret)
        token.save()
        return token, secret

    @classmethod
    def matching(cls, secret: str) -> models.QuerySet[Self]:
        """The unrevoked, unexpired token with this secret (empty for anything that cannot be
        one)."""
        secret = (secret or "").strip()
        if not secret or len(secret) > MAX_SECRET_LENGTH or not secret.startswith(cls.MARKER):
            return cls._default_manager.none()
        unexpired = Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        return cls._default_manager.filter(unexpired, digest=digest_of(secret), revoked_at=None)

    @property
    def scope_list(self) -> list[str]:
        return [scope for scope in (self.scopes or "").split() if scope in SCOPES]

    def allows(self, scope: str) -> bool:
        return scope in self.scope_list

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self, when: datetime | None = None) -> None:
        if self.revoked_at is None:
            self.revoked_at = when or timezone.now()
            self.save(update_fields=["revoked_at"])

    def touch(self, now: datetime | None = None) -> None:
        """Record a use, at most once per TOUCH_INTERVAL."""
        now = now or timezone.now()
        if self.last_used_at is None or now - self.last_used_at > TOUCH_INTERVAL:
            type(self)._default_manager.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
