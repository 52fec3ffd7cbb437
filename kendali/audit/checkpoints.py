"""Signed checkpoints of the audit log, appended to a file outside the database.

A checkpoint says: at this time the log ended at this sequence number with this seal and held
this many rows, signed with the audit key. It goes into ``settings.AUDIT_CHECKPOINT_FILE`` (one
JSON object a line, fsynced) and a copy into the database. Ship the file off the host: someone
who controls the database cannot take back what it already says, so a cut tail, an emptied
table or a chain rewritten since shows up in ``kendali audit verify``.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from kendali.audit.keys import Keyring, keyring
from kendali.audit.models import GENESIS, AuditCheckpoint, AuditEntry

logger = logging.getLogger("kendali.audit")

# Any fixed number, not the chain's: two workers never write a checkpoint at the same time.
_CHECKPOINT_LOCK = 7_402_914


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    count: int
    at: str  # ISO 8601, UTC
    key_id: str
    mac: str = ""

    def message(self) -> str:
        fields = {"seq": self.seq, "hash": self.hash, "count": self.count, "at": self.at}
        return "kendali-audit-checkpoint\n" + json.dumps(
            {**fields, "key_id": self.key_id}, sort_keys=True
        )

    def signed(self, ring: Keyring) -> Checkpoint:
        key = ring.current
        unsigned = Checkpoint(self.seq, self.hash, self.count, self.at, key.id)
        return Checkpoint(**{**asdict(unsigned), "mac": key.sign(unsigned.message())})

    def is_signed_by(self, ring: Keyring) -> bool:
        key = ring.get(self.key_id)
        return key is not None and hmac.compare_digest(key.sign(self.message()), self.mac)

    def line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True) + "\n"


def checkpoint_file() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def write_checkpoint() -> Checkpoint | None:
    """Append a checkpoint of the log's current end, unless another worker is writing one or
    nothing was added since the last one. Returns what was written."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_CHECKPOINT_LOCK])
                if not cursor.fetchone()[0]:
                    return None
        # One statement, one snapshot: the end and the count agree even while rows arrive.
        # (On SQLite the write lock taken at BEGIN also queues other processes' checkpoints.)
        tail = AuditEntry.objects.aggregate(seq=Max("seq"), count=Count("id"))
        seq, count = tail["seq"] or 0, tail["count"]
        seal = AuditEntry.objects.filter(seq=seq).values_list("hash", flat=True).first() or GENESIS
        path = checkpoint_file()
        previous = last_checkpoint_in_file(path)
        if previous is not None and not previous.is_signed_by(keyring()):
            previous = None  # a forged last line must not stop checkpoints; verify reports it
        if previous is not None and previous.seq == seq and previous.hash == seal:
            return None
        if previous is not None and seq < previous.seq:
            # Never sign a shortened log: verification reports it against the earlier line.
            logger.error(
                "audit log ends at %s, before the last checkpoint %s: not checkpointed",
                seq,
                previous.seq,
            )
            return None
        if previous is None and seq == 0:
            return None
        at = timezone.now().astimezone(UTC).isoformat()
        checkpoint = Checkpoint(seq, seal, count, at, "").signed(keyring())
        append_line(path, checkpoint.line())
        AuditCheckpoint.objects.create(
            created_at=datetime.fromisoformat(at),
            seq=seq,
            hash=seal,
            row_count=count,
            key_id=checkpoint.key_id,
            mac=checkpoint.mac,
        )
    return checkpoint


def append_line(path: Path, line: str) -> None:
    """Append ``line`` and make it durable before returning (the file and, if new, its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def parse_line(line: str) -> Checkpoint:
    """Raise ValueError when the line is not a checkpoint."""
    try:
        data = json.loads(line)
        return Checkpoint(
            seq=int(data["seq"]),
            hash=str(data["hash"]),
            count=int(data["count"]),
            at=str(data["at"]),
            key_id=str(data["key_id"]),
            mac=str(data["mac"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(str(exc)) from None


def last_checkpoint_in_file(path: Path) -> Checkpoint | None:
    """The file's last checkpoint, read from its end (the file grows for years)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 4096))
            lines = handle.read().decode(errors="replace").splitlines()
    except FileNotFoundError:
        return None
    for line in reversed(lines):
        if line.strip():
            try:
                return parse_line(line)
            except ValueError:
                return None
    return None
