"""The database itself refuses to change or empty the audit table, except for maintenance by
the table's owner."""

import pytest
from django.db import DatabaseError, connection, transaction

from kendali.audit.models import AuditEntry
from kendali.audit.tests.helpers import tamper, write_log


def trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditentry'::regclass"
            )
        return {row[0] for row in cursor.fetchall()}


def test_the_triggers_exist(db):
    if connection.vendor == "sqlite":
        assert {"audit_entry_no_update", "audit_entry_no_delete"} <= trigger_names()
    else:
        assert {"audit_entry_no_change", "audit_entry_no_truncate"} <= trigger_names()


def test_the_database_refuses_a_delete(db):
    write_log(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=2).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 2


def test_postgresql_refuses_a_truncate(db):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    write_log(2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 2


def test_maintenance_by_the_owner_passes_and_ends(db):
    write_log(2)
    tamper("UPDATE audit_auditentry SET actor_label = 'x' WHERE seq = 1")
    tamper("DELETE FROM audit_auditentry WHERE seq = 2")
    assert list(AuditEntry.objects.values_list("actor_label", flat=True)) == ["x"]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.update(actor_label="y")
