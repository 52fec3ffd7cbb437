"""Write the audit log. Every state-changing action calls :func:`record`.

Verification lives in kendali/audit/verification.py, checkpoints in kendali/audit/checkpoints.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model

from kendali.audit.keys import keyring
from kendali.audit.models import GENESIS, AuditEntry
from kendali.audit.verification import ChainProblem, verify

__all__ = ["GENESIS", "ChainProblem", "record", "verify_chain"]
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
    # The one query besides the insert: the tail's number and seal (the unique index on seq).
    tail = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    last_seq, last_hash = tail or (0, GENESIS)
    key = keyring().current
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
        seq=last_seq + 1,
        prev_hash=last_hash,
        key_id=key.id,
    )
    entry.hash = entry.compute_hash(key)
    entry.save()
    return entry


def verify_chain() -> Iterator[ChainProblem]:
    """Yield every problem a full verification finds (nothing is stored)."""
    yield from verify(full=True, store=False).problems
