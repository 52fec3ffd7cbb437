"""Django's SQLite backend, with writers of this process queued on a lock.

SQLite allows one writer at a time. Transactions start IMMEDIATE (they take the write lock at
BEGIN), and a second writer waits in SQLite's busy handler, which sleeps and retries with no
queue: under load some writers wait seconds while others pass (docs/benchmarks.md). Taking a
process-wide lock before BEGIN queues this process's writers in order; the busy timeout still
covers other processes (a CLI import while the server runs).
"""

from __future__ import annotations

import threading

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_WRITE_LOCK = threading.Lock()
LOCK_TIMEOUT_SECONDS = 20.0


class DatabaseWrapper(base.DatabaseWrapper):
    _holds_write_lock = False

    def _start_transaction_under_autocommit(self) -> None:
        if not _WRITE_LOCK.acquire(timeout=LOCK_TIMEOUT_SECONDS):
            raise OperationalError("database is locked (waited for another writer too long)")
        self._holds_write_lock = True
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _release_write_lock(self) -> None:
        if self._holds_write_lock:
            self._holds_write_lock = False
            _WRITE_LOCK.release()
