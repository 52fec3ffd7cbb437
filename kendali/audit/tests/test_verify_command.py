"""`kendali audit verify` stores its outcome and goes on from the last checkpoint it reached."""

import pytest
from django.core.management import CommandError, call_command

from kendali.audit.checkpoints import write_checkpoint
from kendali.audit.tests.helpers import tamper, write_log
from kendali.audit.verification import last_verification


def test_it_stores_each_outcome(db, capsys):
    assert last_verification() is None
    write_log(3)
    call_command("audit", "verify")
    assert "intact: 3 entries" in capsys.readouterr().out
    stored = last_verification()
    assert stored is not None and stored.ok and stored.full and stored.last_seq == 3
    tamper("UPDATE audit_auditentry SET action = 'x' WHERE seq = 2")
    with pytest.raises(CommandError, match="1 problem"):
        call_command("audit", "verify", "--full")
    assert "row 2: this row was changed" in capsys.readouterr().err
    stored = last_verification()
    assert stored is not None and not stored.ok and stored.problems[0]["seq"] == 2


def test_it_goes_on_from_the_last_checkpoint_it_reached(db):
    write_log(4)
    write_checkpoint()
    call_command("audit", "verify")
    write_log(2, start=4)
    call_command("audit", "verify")
    stored = last_verification()
    assert stored is not None and not stored.full
    assert (stored.first_seq, stored.last_seq, stored.rows_checked) == (5, 6, 2)
    # An edit before the checkpoint: the incremental run does not read it, a full run does,
    # and a count that no longer matches the numbering shows a deleted row either way.
    tamper("UPDATE audit_auditentry SET action = 'x' WHERE seq = 2")
    call_command("audit", "verify")
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--full")
    tamper("DELETE FROM audit_auditentry WHERE seq = 1")
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_the_checkpoint_verb_writes_one(db, capsys):
    write_log(1)
    call_command("audit", "checkpoint")
    assert "checkpoint at number 1" in capsys.readouterr().out


def test_roles_print_the_sql(capsys):
    call_command("audit", "roles", "--print")
    sql = capsys.readouterr().out
    assert "GRANT SELECT, INSERT ON public.audit_auditentry TO kendali_app" in sql
    with pytest.raises(CommandError):
        call_command("audit", "roles", "--app", "x; DROP TABLE y")
