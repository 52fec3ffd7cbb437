"""Write a small audit log and tamper with it as someone with database access would."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from kendali.agencies.models import User
from kendali.audit.actions import record
from kendali.audit.keys import AuditKey
from kendali.audit.maintenance import maintenance
from kendali.audit.models import AuditEntry
from kendali.audit.verification import verify

WRONG_KEY_SECRET = b"not-the-key-an-attacker-guesses-it-anyway-0123456789"


def write_log(rows: int, *, start: int = 0) -> list[AuditEntry]:
    """Append ``rows`` audit rows about one user; return them in order."""
    user, _created = User.objects.get_or_create(username="pelaku-audit")
    with transaction.atomic():
        return [
            record(actor=None, action=f"test.{start + i}", obj=user, after={"i": start + i})
            for i in range(rows)
        ]


def tamper(sql: str, params: list[Any] | None = None) -> None:
    """Run ``sql`` past the triggers, with the owner's maintenance bypass."""
    with maintenance(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def reseal(entry: AuditEntry, key: AuditKey, **changes: Any) -> None:
    """Rewrite one row with ``changes`` and a seal computed under ``key``."""
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.hash = entry.compute_hash(key)
    tamper(
        "UPDATE audit_auditentry SET actor_label = %s, prev_hash = %s, hash = %s, key_id = %s, seq = %s "
        "WHERE id = %s",
        [entry.actor_label, entry.prev_hash, entry.hash, key.id, entry.seq, entry.pk],
    )


def problems_by_seq() -> dict[int | None, list[str]]:
    found: dict[int | None, list[str]] = {}
    for problem in verify(full=True, store=False).problems:
        found.setdefault(problem.seq, []).append(problem.problem)
    return found
