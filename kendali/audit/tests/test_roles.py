"""In the documented role setup the application's role can append to the audit log and do
nothing else to it: no UPDATE, DELETE, TRUNCATE, disabling the trigger or moving the sequence."""

import pytest
from django.db import connection

from kendali.audit.roles import apply_role_setup
from kendali.audit.tests.helpers import write_log

pytestmark = pytest.mark.postgres_only

OWNER = "kendali_audit_test_owner"
APP = "kendali_audit_test_app"

REFUSED = [
    "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_entry_no_truncate ON audit_auditentry",
    "UPDATE audit_auditentry SET actor_label = 'orang lain'",
    "DELETE FROM audit_auditentry",
    "TRUNCATE audit_auditentry",
    "SELECT setval(pg_get_serial_sequence('audit_auditentry', 'id'), 1)",
]


def drop_roles() -> None:
    with connection.cursor() as cursor:
        for role in (OWNER, APP):
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone():
                cursor.execute(f"REASSIGN OWNED BY {role} TO CURRENT_USER")
                cursor.execute(f"DROP OWNED BY {role}")
                cursor.execute(f"DROP ROLE {role}")


def test_the_application_role_can_only_append(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("roles are PostgreSQL's")
    import psycopg

    write_log(1)
    try:
        apply_role_setup(OWNER, APP)
        apply_role_setup(OWNER, APP)  # safe to run again after an upgrade
        params = {**connection.get_connection_params(), "user": APP}
        params.pop("password", None)
        with psycopg.connect(**params, autocommit=True) as app:
            app.execute(
                "INSERT INTO audit_auditentry (created_at, seq, actor_label, source, action, "
                "object_type, object_id, object_repr, prev_hash, hash, key_id) VALUES "
                "(now(), 2, 'x', 'web', 'x', 'x', '1', '', %s, %s, '')",
                ["0" * 64, "" * 64],
            )
            assert app.execute("SELECT count(*) FROM audit_auditentry").fetchone() == (2,)
            app.execute("SET kendali.audit_maintenance = 'on'")  # the bypass is the owner's
            for statement in REFUSED:
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(statement)
            privileges = app.execute(
                "SELECT has_table_privilege('reports_report', 'UPDATE'), "
                "has_table_privilege('reports_report', 'DELETE'), "
                "has_table_privilege('audit_auditentry', 'UPDATE')"
            ).fetchone()
            assert privileges == (True, True, False)
            assert app.execute("SELECT count(*) FROM audit_auditentry").fetchone() == (2,)
    finally:
        drop_roles()
