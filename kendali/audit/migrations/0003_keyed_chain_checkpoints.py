"""The keyed chain: a gap-free sequence number and the sealing key's id on every row, the
database copy of checkpoints, stored verification outcomes, and triggers that refuse UPDATE,
DELETE and (PostgreSQL) TRUNCATE unless the table's owner says it is doing maintenance
(kendali/audit/maintenance.py).

Existing rows keep their unkeyed SHA-256 hashes and get their numbers in id order; that is the
one change ever made to old rows, done by the migrating owner with the old triggers dropped.
On SQLite, a later migration that rebuilds this table drops its triggers: recreate them there
(test_the_triggers_exist fails otherwise).
"""

from django.db import migrations, models

SQLITE_DROP = """
DROP TRIGGER IF EXISTS audit_entry_no_update;
DROP TRIGGER IF EXISTS audit_entry_no_delete;
"""
SQLITE_CREATE = """
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
WHEN NOT kendali_audit_maintenance()
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry
WHEN NOT kendali_audit_maintenance()
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
SQLITE_OLD = """
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""
# The bypass needs both the setting and ownership: a role that owns the table could disable the
# trigger anyway, and the application's role in the documented setup owns nothing.
POSTGRES_CREATE = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('kendali.audit_maintenance', true) = 'on' AND pg_has_role(
        current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER'
    ) THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
"""
POSTGRES_OLD = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""

NUMBER_ROWS = """
UPDATE audit_auditentry SET seq = numbered.n
FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM audit_auditentry) AS numbered
WHERE audit_auditentry.id = numbered.id
"""


def _run(schema_editor, sqlite: str, postgres: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres, params=None)
    elif vendor == "sqlite":
        for statement in sqlite.split(";\n"):
            if statement.strip():
                schema_editor.execute(statement)


def drop_old_triggers(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP, POSTGRES_DROP)


def recreate_old_triggers(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP, POSTGRES_DROP)
    _run(schema_editor, SQLITE_OLD, POSTGRES_OLD)


def number_rows(apps, schema_editor):
    schema_editor.execute(NUMBER_ROWS)


def create_triggers(apps, schema_editor):
    _run(schema_editor, SQLITE_CREATE, POSTGRES_CREATE)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(drop_old_triggers, recreate_old_triggers),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="nomor urut"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16, verbose_name="ID kunci"),
        ),
        migrations.RunPython(number_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="nomor urut"),
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(db_index=True, verbose_name="waktu")),
                ("seq", models.PositiveBigIntegerField(verbose_name="nomor urut")),
                ("hash", models.CharField(max_length=64)),
                ("row_count", models.PositiveBigIntegerField(verbose_name="jumlah catatan")),
                ("key_id", models.CharField(max_length=16, verbose_name="ID kunci")),
                ("mac", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "titik periksa audit",
                "verbose_name_plural": "titik periksa audit",
                "ordering": ["-id"],
            },
        ),
        migrations.CreateModel(
            name="AuditVerification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("started_at", models.DateTimeField(verbose_name="mulai")),
                ("finished_at", models.DateTimeField(db_index=True, verbose_name="selesai")),
                ("full", models.BooleanField(default=False, verbose_name="seluruh log")),
                ("first_seq", models.PositiveBigIntegerField(default=0, verbose_name="dari nomor")),
                ("last_seq", models.PositiveBigIntegerField(default=0, verbose_name="sampai nomor")),
                (
                    "rows_checked",
                    models.PositiveBigIntegerField(default=0, verbose_name="catatan diperiksa"),
                ),
                ("ok", models.BooleanField(verbose_name="utuh")),
                (
                    "problem_count",
                    models.PositiveIntegerField(default=0, verbose_name="jumlah masalah"),
                ),
                (
                    "problems",
                    models.JSONField(blank=True, default=list, verbose_name="masalah"),
                ),
            ],
            options={
                "verbose_name": "hasil verifikasi audit",
                "verbose_name_plural": "hasil verifikasi audit",
                "ordering": ["-id"],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
