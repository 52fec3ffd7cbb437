"""The one way past the audit table's triggers: maintenance by the table's owner.

The triggers (migration 0003) refuse UPDATE, DELETE and, on PostgreSQL, TRUNCATE, unless the
session says it is doing maintenance: on PostgreSQL the setting ``kendali.audit_maintenance`` is
``on`` and the current role owns the table (who could drop the trigger anyway; the application's
role in the documented role setup cannot), on SQLite the connection's SQL function
``kendali_audit_maintenance()`` answers 1. A program that does not define that function (the
``sqlite3`` shell) cannot change the table at all. Test machinery empties tables between tests
through :func:`flush_allowed`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.operations import BaseDatabaseOperations

SETTING = "kendali.audit_maintenance"
SQLITE_FUNCTION = "kendali_audit_maintenance"


def register_sqlite_function(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: the function the SQLite triggers ask."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(
        SQLITE_FUNCTION, 0, lambda: int(getattr(connection, "audit_maintenance", False))
    )


@contextmanager
def maintenance(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Let this connection change or empty the audit table (owners only on PostgreSQL)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', false)", [SETTING])
        try:
            yield
        finally:
            # In a transaction that failed, the rollback undoes the setting by itself.
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', false)", [SETTING])
        return
    connection.ensure_connection()
    connection.audit_maintenance = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        connection.audit_maintenance = False  # type: ignore[attr-defined]


@contextmanager
def flush_allowed() -> Iterator[None]:
    """Let Django's ``flush`` (test teardown of transactional tests) empty the audit table."""
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: BaseDatabaseOperations, sql_list: Iterable[str]) -> None:
        with maintenance(self.connection.alias):
            original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    try:
        yield
    finally:
        BaseDatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]
