"""The audit log: append-only rows, each sealed with an HMAC of its content and its predecessor.

Rows written before the log was keyed carry an empty ``key_id`` and a plain SHA-256 hash; they
still verify with that rule, and no such row may follow a keyed one.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kendali.audit.keys import AuditKey

# The link of the first row: no row before it.
GENESIS = "0" * 64


class AppendOnlyError(RuntimeError):
    pass


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    # 1, 2, 3, ... without gaps: the chain's order, sealed into each keyed row.
    seq = models.PositiveBigIntegerField(_("nomor urut"), unique=True)
    # Users are deactivated, never deleted, and the audit row must outlive any change to them:
    # no database constraint, no cascade.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("nama pelaku"), max_length=150)
    source = models.CharField(_("sumber"), max_length=20, default="web")
    action = models.CharField(_("tindakan"), max_length=64, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=64)
    object_id = models.CharField(_("ID objek"), max_length=64)
    object_repr = models.CharField(_("objek"), max_length=200, blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("sesudah"), null=True, blank=True, encoder=DjangoJSONEncoder)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The fingerprint of the key that sealed the row (kendali/audit/keys.py); empty: unkeyed.
    key_id = models.CharField(_("ID kunci"), max_length=16, blank=True, default="")

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")

    def compute_hash(self, key: AuditKey | None = None) -> str:
        """The row's seal: HMAC-SHA256 under ``key``, or the unkeyed SHA-256 of old rows."""
        fields = self._sealed_fields()
        if key is None:
            return compute_hash(**fields)
        fields.update(seq=self.seq, key_id=key.id)
        return key.sign(_canonical(fields))

    def _sealed_fields(self) -> dict[str, Any]:
        return dict(
            prev_hash=self.prev_hash,
            created_at=self.created_at,
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            source=self.source,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            object_repr=self.object_repr,
            before=self.before,
            after=self.after,
        )


def _canonical(fields: dict[str, Any]) -> str:
    fields["created_at"] = fields["created_at"].astimezone(UTC).isoformat()
    return json.dumps(fields, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)


def compute_hash(**fields: Any) -> str:
    """The unkeyed SHA-256 of the rows written before the log had a key."""
    return hashlib.sha256(_canonical(fields).encode()).hexdigest()


class AuditCheckpoint(models.Model):
    """The database's copy of a checkpoint. Verification trusts the checkpoint file, not this."""

    created_at = models.DateTimeField(_("waktu"), db_index=True)
    seq = models.PositiveBigIntegerField(_("nomor urut"))
    hash = models.CharField(max_length=64)
    row_count = models.PositiveBigIntegerField(_("jumlah catatan"))
    key_id = models.CharField(_("ID kunci"), max_length=16)
    mac = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("titik periksa audit")
        verbose_name_plural = _("titik periksa audit")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} #{self.seq}"


class AuditVerification(models.Model):
    """The outcome of one run of ``kendali audit verify``, for pages that show the last one."""

    started_at = models.DateTimeField(_("mulai"))
    finished_at = models.DateTimeField(_("selesai"), db_index=True)
    full = models.BooleanField(_("seluruh log"), default=False)
    first_seq = models.PositiveBigIntegerField(_("dari nomor"), default=0)
    last_seq = models.PositiveBigIntegerField(_("sampai nomor"), default=0)
    rows_checked = models.PositiveBigIntegerField(_("catatan diperiksa"), default=0)
    ok = models.BooleanField(_("utuh"))
    problem_count = models.PositiveIntegerField(_("jumlah masalah"), default=0)
    # The first problems found: [{"seq": 12, "problem": "..."}, ...].
    problems = models.JSONField(_("masalah"), default=list, blank=True)

    class Meta:
        verbose_name = _("hasil verifikasi audit")
        verbose_name_plural = _("hasil verifikasi audit")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.problem_count}"
