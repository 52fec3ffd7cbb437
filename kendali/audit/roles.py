"""The PostgreSQL roles in which the application cannot rewrite its own audit log.

The owner role owns the database, the schema and every table, and runs ``kendali migrate``. The
application's role reads and writes the other tables, but on the audit log it may only SELECT
and INSERT: it cannot UPDATE, DELETE, TRUNCATE, disable the triggers (only an owner may) or pass
them with the maintenance setting (the triggers check ownership too).
"""

from __future__ import annotations

import re

from django.db import connection

AUDIT_TABLE = "audit_auditentry"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def role_setup_sql(owner: str = "kendali_owner", app: str = "kendali_app") -> str:
    for name in (owner, app):
        if not _ROLE_NAME.match(name):
            raise ValueError(f"not a plain role name: {name!r}")
    if owner == app:
        raise ValueError("the owner and the application need two roles")
    # The names are checked above: plain identifiers, nothing to quote.
    return f"""\
-- Kendali on PostgreSQL: {owner} owns everything and runs `kendali migrate`; {app} runs
-- `kendali serve`, `kendali worker` and the rest, and may only read and append the audit log.
-- Run as a superuser in the Kendali database after `kendali migrate`; it is safe to run again
-- after each upgrade. Then give both roles a password (\\password {app}) or other auth.
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{owner}') THEN
        CREATE ROLE {owner} LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{app}') THEN
        CREATE ROLE {app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
END $$;
DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I OWNER TO {owner}', current_database());
END $$;
ALTER SCHEMA public OWNER TO {owner};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {app};

-- Every table and view (their identity sequences follow them) and the trigger function.
DO $$
DECLARE item record;
BEGIN
    FOR item IN
        SELECT c.relname, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
    LOOP
        EXECUTE format(
            'ALTER %s public.%I OWNER TO {owner}',
            CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                ELSE 'TABLE' END,
            item.relname
        );
    END LOOP;
END $$;
ALTER FUNCTION public.audit_entry_append_only() OWNER TO {owner};

-- Normal rights everywhere, now and for tables later migrations create.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app};
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {app};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {app};

-- The audit log: read and append, nothing else (no UPDATE, DELETE, TRUNCATE, TRIGGER).
REVOKE ALL ON public.{AUDIT_TABLE} FROM {app};
GRANT SELECT, INSERT ON public.{AUDIT_TABLE} TO {app};
DO $$ BEGIN
    EXECUTE format(
        'REVOKE ALL ON SEQUENCE %s FROM {app}', pg_get_serial_sequence('public.{AUDIT_TABLE}', 'id')
    );
    EXECUTE format(
        'GRANT USAGE, SELECT ON SEQUENCE %s TO {app}',
        pg_get_serial_sequence('public.{AUDIT_TABLE}', 'id')
    );
END $$;
"""  # noqa: S608


def apply_role_setup(owner: str = "kendali_owner", app: str = "kendali_app") -> None:
    """Run :func:`role_setup_sql` on the default connection (a superuser's)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("the role setup is for PostgreSQL")
    sql = role_setup_sql(owner, app)
    with connection.cursor() as cursor:
        cursor.execute(sql)
