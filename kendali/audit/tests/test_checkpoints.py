"""The checkpoint job: signed, durable lines in a file, never two at once, never backwards."""

import json
import stat

import pytest
from django.db import connection

from kendali.audit.checkpoints import Checkpoint, checkpoint_file, write_checkpoint
from kendali.audit.keys import keyring
from kendali.audit.models import AuditCheckpoint, AuditEntry
from kendali.audit.tests.helpers import tamper, write_log
from kendali.lib.worker import registered


def test_the_job_is_registered(settings):
    job = next(j for j in registered() if j.name == "audit.checkpoint")
    assert job.every == settings.AUDIT_CHECKPOINT_MINUTES * 60


def test_it_appends_a_signed_line_and_a_database_copy(db):
    write_log(3)
    written = write_checkpoint()
    assert written is not None and written.seq == 3 and written.count == 3
    assert written.hash == AuditEntry.objects.get(seq=3).hash
    line = json.loads(checkpoint_file().read_text())
    assert Checkpoint(**line).is_signed_by(keyring()) and line["key_id"] == keyring().current.id
    assert stat.S_IMODE(checkpoint_file().stat().st_mode) & 0o007 == 0
    assert AuditCheckpoint.objects.get().mac == line["mac"]


def test_nothing_new_writes_nothing(db):
    assert write_checkpoint() is None  # an empty log
    write_log(1)
    assert write_checkpoint() is not None
    assert write_checkpoint() is None
    write_log(1, start=1)
    assert write_checkpoint() is not None
    assert len(checkpoint_file().read_text().splitlines()) == 2


def test_it_never_signs_a_shortened_log(db):
    write_log(3)
    write_checkpoint()
    tamper("DELETE FROM audit_auditentry WHERE seq = 3")
    assert write_checkpoint() is None
    assert len(checkpoint_file().read_text().splitlines()) == 1


def test_a_second_worker_skips_while_one_writes(db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite queues the second writer on its write lock")
    import psycopg

    from kendali.audit.checkpoints import _CHECKPOINT_LOCK

    write_log(1)
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [_CHECKPOINT_LOCK])
        assert write_checkpoint() is None
        other.execute("SELECT pg_advisory_unlock(%s)", [_CHECKPOINT_LOCK])
    assert write_checkpoint() is not None
