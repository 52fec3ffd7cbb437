"""Write and verify the audit log. Every state-changing action calls :func:`record`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model

from kendali.audit.models import AuditEntry

GENESIS = "0" * 64
# Any fixed number: the PostgreSQL advisory lock that serialises appends to the hash chain.
_CHAIN_LOCK = 7_402_913


def _normalise(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Round-trip through JSON so the hash is computed over exactly what the database keeps."""
    if value is None:
        return None
    loaded: dict[str, Any] = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return loaded


def record(
    *,
    actor: Any,
    action: str,
    obj: Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    source: str = "web",
    label: str = "",
) -> AuditEntry:
    """Append one audit row. Must run inside the transaction of the change it describes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the action's transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    actor_id = getattr(actor, "pk", None)
    entry = AuditEntry(
        actor_id=actor_id,
        actor_label=label or (actor.get_username() if actor_id else "system"),
        source=source,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=_normalise(before),
        after=_normalise(after),
        prev_hash=last or GENESIS,
    )
    entry.hash = entry.compute_hash()
    entry.save()
    return entry


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    problem: str


def verify_chain(batch_size: int = 2000) -> Iterator[ChainProblem]:
    """Yield every place where the chain is broken: a changed row or a removed one."""
    expected_prev = GENESIS
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if entry.prev_hash != expected_prev:
            yield ChainProblem(entry.pk, "the entry before this one is missing or was changed")
        if entry.compute_hash() != entry.hash:
            yield ChainProblem(entry.pk, "this entry was changed after it was written")
        expected_prev = entry.hash
