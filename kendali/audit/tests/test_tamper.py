"""Each way of tampering with the audit log, done in raw SQL past the triggers, is named by
`kendali audit verify` with the sequence numbers involved (on SQLite and PostgreSQL)."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from kendali.audit.checkpoints import checkpoint_file, write_checkpoint
from kendali.audit.keys import AuditKey, keyring
from kendali.audit.models import AuditCheckpoint, AuditEntry, compute_hash
from kendali.audit.tests.helpers import (
    WRONG_KEY_SECRET,
    problems_by_seq,
    reseal,
    tamper,
    write_log,
)


def wrong_key() -> AuditKey:
    """What someone without the key has: the key's public id and a secret of their own."""
    return AuditKey(keyring().current.id, WRONG_KEY_SECRET)


def test_an_untouched_log_verifies(db):
    write_log(5)
    write_checkpoint()
    assert problems_by_seq() == {}
    call_command("audit", "verify", "--full")


def test_it_names_an_edited_row(db):
    write_log(5)
    tamper("UPDATE audit_auditentry SET actor_label = 'orang lain' WHERE seq = 3")
    assert list(problems_by_seq()) == [3]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_it_names_a_deleted_row(db):
    write_log(5)
    tamper("DELETE FROM audit_auditentry WHERE seq = 3")
    found = problems_by_seq()
    assert list(found) == [4]
    assert any("rows 3 before this one are missing" in text for text in found[4])


def test_it_names_a_row_inserted_at_the_end_without_the_key(db):
    rows = write_log(3)
    forged = AuditEntry(
        actor_label="system",
        action="test.forged",
        object_type=rows[-1].object_type,
        object_id=rows[-1].object_id,
        seq=4,
        prev_hash=rows[-1].hash,
        key_id=keyring().current.id,
    )
    forged.hash = forged.compute_hash(wrong_key())
    forged.save()
    assert list(problems_by_seq()) == [4]


def test_it_names_a_row_inserted_in_the_middle(db):
    rows = write_log(5)
    for seq in (5, 4):  # one at a time: the numbers are unique
        tamper("UPDATE audit_auditentry SET seq = seq + 1 WHERE seq = %s", [seq])
    forged = AuditEntry(
        actor_label="system",
        action="test.forged",
        object_type=rows[2].object_type,
        object_id=rows[2].object_id,
        seq=4,
        prev_hash=rows[2].hash,
        key_id=keyring().current.id,
    )
    forged.hash = forged.compute_hash(wrong_key())
    forged.save()
    # The forged row fails its seal; the two moved rows carry their old numbers in theirs.
    assert list(problems_by_seq()) == [4, 5, 6]


def test_it_names_reordered_rows(db):
    write_log(5)
    tamper("UPDATE audit_auditentry SET seq = 1000 WHERE seq = 2")
    tamper("UPDATE audit_auditentry SET seq = 2 WHERE seq = 3")
    tamper("UPDATE audit_auditentry SET seq = 3 WHERE seq = 1000")
    assert sorted(problems_by_seq()) == [2, 3, 4]


def test_it_finds_the_tail_cut_after_a_checkpoint(db):
    write_log(5)
    write_checkpoint()
    tamper("DELETE FROM audit_auditentry WHERE seq >= 4")
    found = problems_by_seq()
    assert list(found) == [4]
    assert "the tail was cut" in found[4][0] and "up to number 5" in found[4][0]


def test_it_finds_a_checkpointed_row_rewritten_even_with_the_key(db):
    rows = write_log(5)
    write_checkpoint()
    reseal(rows[-1], keyring().current, actor_label="orang lain")
    assert problems_by_seq() == {5: ["this row differs from the signed checkpoint"]}


def test_it_finds_the_table_emptied(db):
    write_log(5)
    write_checkpoint()
    if connection.vendor == "postgresql":
        tamper("TRUNCATE audit_auditentry")
    else:
        tamper("DELETE FROM audit_auditentry")
    found = problems_by_seq()
    assert list(found) == [1]
    assert "the audit log is empty" in found[1][0] and "5 rows" in found[1][0]


def test_it_finds_everything_rewritten_under_another_key(db):
    rows = write_log(5)
    prev = "0" * 64
    for entry in rows:
        reseal(entry, wrong_key(), actor_label="orang lain", prev_hash=prev)
        prev = entry.hash
    assert sorted(problems_by_seq()) == [1, 2, 3, 4, 5]


def test_it_finds_everything_rewritten_as_unkeyed_rows(db):
    rows = write_log(5)
    write_checkpoint()
    rows += write_log(2, start=5)
    prev = "0" * 64
    for entry in rows:
        entry.prev_hash = prev
        entry.hash = compute_hash(**entry._sealed_fields())
        tamper(
            "UPDATE audit_auditentry SET prev_hash = %s, hash = %s, key_id = '' WHERE id = %s",
            [entry.prev_hash, entry.hash, entry.pk],
        )
        prev = entry.hash
    found = problems_by_seq()
    assert found[5] == ["this row differs from the signed checkpoint"]
    assert "unkeyed row after keyed ones" in found[6][0] and 7 in found


def test_it_finds_a_forged_checkpoint_line(db, settings):
    write_log(3)
    write_checkpoint()
    line = json.loads(checkpoint_file().read_text())
    line.update(seq=99, count=99)
    with checkpoint_file().open("a") as handle:
        handle.write(json.dumps(line) + "\n")
    found = problems_by_seq()
    assert list(found) == [99] and "not signed" in found[99][0]


def test_it_finds_the_checkpoint_file_removed_or_cut(db):
    write_log(3)
    write_checkpoint()
    write_log(2, start=3)
    write_checkpoint()
    lines = checkpoint_file().read_text().splitlines(keepends=True)
    checkpoint_file().write_text(lines[0])
    found = problems_by_seq()
    assert list(found) == [5] and "lacks the checkpoint" in found[5][0]
    checkpoint_file().unlink()
    assert "is missing" in problems_by_seq()[None][0]
    assert AuditCheckpoint.objects.count() == 2
