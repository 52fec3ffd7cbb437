"""Verify the audit log against its keys and the checkpoint file.

A run checks, in sequence order: numbers without gaps, each row's link to the one before, each
row's seal (HMAC under a known key, or SHA-256 for rows older than the key), that no unkeyed row
or retired key follows a newer one, that every signed checkpoint in the file matches the row it
names, and that the log still reaches the last checkpoint. By default it starts at the last
checkpoint a successful run reached; ``full`` checks everything. The outcome is stored, so pages
show :func:`last_verification` instead of verifying inside a request.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from kendali.audit.checkpoints import Checkpoint, checkpoint_file, parse_line
from kendali.audit.keys import Keyring, keyring
from kendali.audit.models import GENESIS, AuditCheckpoint, AuditEntry, AuditVerification

STORED_PROBLEMS = 100


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None  # the row's sequence number, None for the log or the checkpoint file
    problem: str

    @property
    def entry_id(self) -> int | None:
        """The name the console's audit page uses."""
        return self.seq


@dataclass
class Outcome:
    started_at: datetime
    full: bool
    first_seq: int = 0
    last_seq: int = 0
    rows_checked: int = 0
    start_checkpoint: Checkpoint | None = None
    problems: list[ChainProblem] = field(default_factory=list)
    found_gap: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def read_checkpoint_file(path: Path, ring: Keyring) -> tuple[list[Checkpoint], list[ChainProblem]]:
    """The file's signed checkpoints in order, and what is wrong with the file."""
    checkpoints: list[Checkpoint] = []
    problems: list[ChainProblem] = []
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], []
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                checkpoint = parse_line(line)
            except ValueError:
                problems.append(ChainProblem(None, f"checkpoint file line {number} is unreadable"))
                continue
            if not checkpoint.is_signed_by(ring):
                problems.append(
                    ChainProblem(
                        checkpoint.seq,
                        f"checkpoint file line {number} is not signed with an audit key "
                        "(forged or changed)",
                    )
                )
                continue
            if checkpoints and checkpoint.seq < checkpoints[-1].seq:
                problems.append(
                    ChainProblem(
                        checkpoint.seq,
                        f"checkpoint file line {number} goes back from sequence number "
                        f"{checkpoints[-1].seq} to {checkpoint.seq}: the log was cut before it",
                    )
                )
            if checkpoint.count != checkpoint.seq:
                problems.append(
                    ChainProblem(
                        checkpoint.seq,
                        f"when the checkpoint of {checkpoint.at} was written the log held "
                        f"{checkpoint.count} rows up to number {checkpoint.seq}: rows were missing",
                    )
                )
            checkpoints.append(checkpoint)
    return checkpoints, problems


def verify(*, full: bool = False, store: bool = True, batch_size: int = 2000) -> Outcome:
    """Check the log (see the module's docstring); store the outcome unless ``store`` is off."""
    ring = keyring()
    path = checkpoint_file()
    outcome = Outcome(started_at=timezone.now(), full=full)
    checkpoints, file_problems = read_checkpoint_file(path, ring)
    outcome.problems.extend(file_problems)
    _compare_database_copy(path, checkpoints, ring, outcome)

    start = None if full else _start_checkpoint(checkpoints)
    outcome.full = start is None
    outcome.start_checkpoint = start
    _check_rows(start, checkpoints, ring, outcome, batch_size)
    _check_end(checkpoints, outcome)
    if store:
        _store(outcome)
    return outcome


def _start_checkpoint(checkpoints: list[Checkpoint]) -> Checkpoint | None:
    """The last file checkpoint that a successful run already reached."""
    reached = (
        AuditVerification.objects.filter(ok=True).order_by("-id").values_list("last_seq", flat=True)
    ).first()
    if not reached:
        return None
    candidates = [c for c in checkpoints if 0 < c.seq <= reached]
    return max(candidates, key=lambda c: c.seq) if candidates else None


def _compare_database_copy(
    path: Path, checkpoints: list[Checkpoint], ring: Keyring, outcome: Outcome
) -> None:
    """The database's copy of the last checkpoint must be in the file: else the file lost it."""
    copy = AuditCheckpoint.objects.order_by("-id").first()
    if copy is None:
        return
    stored = Checkpoint(
        seq=copy.seq,
        hash=copy.hash,
        count=copy.row_count,
        at=copy.created_at.astimezone(UTC).isoformat(),
        key_id=copy.key_id,
        mac=copy.mac,
    )
    if not stored.is_signed_by(ring):
        return  # a forged copy in the database proves nothing either way
    if not path.exists():
        outcome.problems.append(
            ChainProblem(None, f"the checkpoint file {path} is missing (the database has a copy)")
        )
    elif stored not in checkpoints:
        outcome.problems.append(
            ChainProblem(
                stored.seq,
                f"the checkpoint file lacks the checkpoint of {stored.at} the database holds: "
                "the file was replaced or cut",
            )
        )


def _check_rows(
    start: Checkpoint | None,
    checkpoints: list[Checkpoint],
    ring: Keyring,
    outcome: Outcome,
    batch_size: int,
) -> None:
    problems = outcome.problems
    first_checkpoint_seq = checkpoints[0].seq if checkpoints else None
    # Every checkpointed seal, by number (a number may be checkpointed twice, by two keys).
    expected_seals: dict[int, set[str]] = {}
    for checkpoint in checkpoints:
        expected_seals.setdefault(checkpoint.seq, set()).add(checkpoint.hash)

    rows = AuditEntry.objects.order_by("seq")
    expected_seq, expected_prev = 1, GENESIS
    newest_key, keyed = -1, False
    if start is not None:
        anchor = AuditEntry.objects.filter(seq=start.seq).first()
        if anchor is None or anchor.hash != start.hash:
            problems.append(
                ChainProblem(
                    start.seq,
                    "this row is missing or differs from the checkpoint of "
                    f"{start.at}; run a full verification",
                )
            )
            outcome.full = True
        else:
            rows = rows.filter(seq__gt=start.seq)
            expected_seq, expected_prev = start.seq + 1, start.hash
            newest_key, keyed = ring.position(anchor.key_id), bool(anchor.key_id)
    outcome.first_seq = expected_seq

    for entry in rows.iterator(chunk_size=batch_size):
        seq = entry.seq
        outcome.rows_checked += 1
        if seq > expected_seq:
            missing = str(expected_seq) if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
            problems.append(ChainProblem(seq, f"rows {missing} before this one are missing"))
            outcome.found_gap = True
        if entry.prev_hash != expected_prev:
            problems.append(
                ChainProblem(seq, "the row before this one is missing, moved or was changed")
            )
        if entry.key_id:
            key = ring.get(entry.key_id)
            position = ring.position(entry.key_id)
            if key is None:
                problems.append(
                    ChainProblem(
                        seq,
                        f"sealed with an unknown key {entry.key_id} (forged, or the key is "
                        "missing from the configured audit keys)",
                    )
                )
            elif not hmac.compare_digest(entry.compute_hash(key), entry.hash):
                problems.append(
                    ChainProblem(seq, "this row was changed or moved after it was written")
                )
            elif position < newest_key:
                problems.append(
                    ChainProblem(
                        seq, f"sealed with the retired key {entry.key_id} after a newer key"
                    )
                )
            newest_key, keyed = max(newest_key, position), True
        else:
            if keyed or (first_checkpoint_seq is not None and seq > first_checkpoint_seq):
                problems.append(
                    ChainProblem(seq, "an unkeyed row after keyed ones: written without the key")
                )
            elif entry.compute_hash() != entry.hash:
                problems.append(
                    ChainProblem(seq, "this row was changed or moved after it was written")
                )
        seals = expected_seals.get(seq)
        if seals is not None and entry.hash not in seals:
            problems.append(ChainProblem(seq, "this row differs from the signed checkpoint"))
        expected_seq, expected_prev = max(seq, expected_seq) + 1, entry.hash
    outcome.last_seq = expected_seq - 1


def _check_end(checkpoints: list[Checkpoint], outcome: Outcome) -> None:
    """The log must reach the last checkpoint, and its row count must match its numbering."""
    tail = AuditEntry.objects.aggregate(seq=Max("seq"), count=Count("id"))
    last_seq, count = tail["seq"] or 0, tail["count"]
    furthest = max(checkpoints, key=lambda c: c.seq) if checkpoints else None
    if furthest is not None and last_seq < furthest.seq:
        if count == 0:
            problem = (
                f"the audit log is empty, but the checkpoint of {furthest.at} recorded "
                f"{furthest.count} rows up to number {furthest.seq}"
            )
        else:
            problem = (
                f"the log ends at number {last_seq}, but the checkpoint of {furthest.at} "
                f"recorded rows up to number {furthest.seq}: the tail was cut"
            )
        outcome.problems.append(ChainProblem(last_seq + 1, problem))
    elif count != last_seq and not outcome.found_gap:
        outcome.problems.append(
            ChainProblem(
                None,
                f"the log holds {count} rows but is numbered up to {last_seq}: rows were "
                "removed before the checked range",
            )
        )


def _store(outcome: Outcome) -> None:
    with transaction.atomic():
        AuditVerification.objects.create(
            started_at=outcome.started_at,
            finished_at=timezone.now(),
            full=outcome.full,
            first_seq=outcome.first_seq,
            last_seq=outcome.last_seq,
            rows_checked=outcome.rows_checked,
            ok=outcome.ok,
            problem_count=len(outcome.problems),
            problems=[
                {"seq": p.seq, "problem": p.problem} for p in outcome.problems[:STORED_PROBLEMS]
            ],
        )


def last_verification() -> AuditVerification | None:
    """The last stored outcome of ``kendali audit verify`` (for the console's audit page)."""
    return AuditVerification.objects.order_by("-id").first()
