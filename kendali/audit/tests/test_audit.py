import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from kendali.audit.actions import verify_chain
from kendali.audit.models import AppendOnlyError, AuditEntry
from kendali.reports import actions


def test_every_action_writes_one_chained_audit_row(world, make_report, operator):
    report = make_report()
    actions.verify_report(report, operator)
    entries = list(AuditEntry.objects.filter(object_type="reports.report").order_by("id"))
    assert [e.action for e in entries] == ["report.create", "report.verify"]
    assert entries[1].actor == operator and entries[1].before["status"] == "submitted"
    assert entries[1].after["status"] == "verified"
    assert entries[1].prev_hash == entries[0].hash
    assert list(verify_chain()) == []


def test_audit_rows_never_hold_the_reporter_s_contact(world, make_report, operator):
    report = make_report()
    actions.verify_report(report, operator)
    for entry in AuditEntry.objects.all():
        assert "rahasia.pelapor" not in str(entry.before) + str(entry.after)
        assert "Zzyzx" not in str(entry.before) + str(entry.after)


def test_the_model_refuses_changes(world, make_report):
    make_report()
    entry = AuditEntry.objects.first()
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_the_database_refuses_an_update(world, make_report):
    make_report()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.update(action="tampered")


def test_verify_finds_a_tampered_row(world, make_report, operator, capsys):
    report = make_report()
    actions.verify_report(report, operator)
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out
    victim = AuditEntry.objects.order_by("id").last()
    with connection.cursor() as cursor:
        # Go around the trigger as an attacker with database access would.
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_entry_no_update")
        else:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change")
        cursor.execute(
            "UPDATE audit_auditentry SET actor_label = 'someone' WHERE id = %s", [victim.pk]
        )
    problems = list(verify_chain())
    assert [p.seq for p in problems] == [victim.seq]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_audit_outside_a_transaction_is_a_bug(transactional_db, world, operator):
    from kendali.audit.actions import record

    with pytest.raises(RuntimeError):
        record(actor=operator, action="x", obj=operator)


def test_record_costs_one_query_and_one_insert(db, django_assert_num_queries):
    from kendali.audit.actions import record
    from kendali.audit.tests.helpers import write_log

    target = write_log(1)[0]
    lock = 1 if connection.vendor == "postgresql" else 0  # the chain's advisory lock
    with transaction.atomic(), django_assert_num_queries(2 + lock):
        record(actor=None, action="test.cost", obj=target)
