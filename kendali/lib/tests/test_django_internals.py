"""Guards on the private Django internals that Kendali overrides or relies on.

When a Django upgrade changes one of them, these tests fail with a message naming it, instead of
the writer queue or the ASGI handler silently doing nothing (or the wrong thing).

``kendali/lib/sqlite/base.py`` (writers queued on a lock before BEGIN IMMEDIATE):
- ``sqlite3.base.DatabaseWrapper._start_transaction_under_autocommit(self)``, called by
  ``BaseDatabaseWrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)``,
  which ``transaction.Atomic.__enter__`` calls for the outermost atomic block; it issues
  ``BEGIN {self.transaction_mode}`` (``OPTIONS["transaction_mode"]``, Django 5.1+);
- ``BaseDatabaseWrapper._commit(self)``, ``_rollback(self)``, ``_close(self)``, called by the
  public ``commit()``, ``rollback()`` and ``close()``.

``kendali/asgi.py`` (the middleware chain and sync views in one call on a reused thread):
- ``ASGIHandler.__init__`` calls ``self.load_middleware(is_async=True)``; we override
  ``BaseHandler.load_middleware(self, is_async=False)`` to build a sync chain, stored in
  ``self._middleware_chain`` and called by ``BaseHandler.get_response(self, request)``;
- ``ASGIHandler.handle`` → ``run_get_response`` → ``self.get_response_async(request)``, the
  hook we override; ``BaseHandler._get_response`` runs async views through ``async_to_sync``;
- ``StaticFiles`` reads ``storage.prefix``, which ``FileSystemFinder`` sets on its storages, and
  calls ``finder.list(ignore_patterns)``.

No test here touches the project's database.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.contrib.staticfiles.finders import FileSystemFinder
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3 import base as sqlite_base
from django.db.utils import ConnectionHandler
from django.test import override_settings

from kendali.lib.sqlite import base as kendali_sqlite


def parameters(function: Callable[..., Any]) -> list[str]:
    return list(inspect.signature(function).parameters)


def source(function: Callable[..., Any]) -> str:
    return inspect.getsource(function)


# SQLite writer queue ----------------------------------------------------------------------------


def test_the_sqlite_methods_we_override_still_exist_with_the_same_signature():
    for name in ("_start_transaction_under_autocommit", "_commit", "_rollback", "_close"):
        method = getattr(sqlite_base.DatabaseWrapper, name, None)
        assert callable(method), (
            f"Django's SQLite DatabaseWrapper has no {name}() any more: "
            "kendali/lib/sqlite/base.py overrides it to hold or release the writer lock"
        )
        assert parameters(method) == ["self"], (
            f"DatabaseWrapper.{name} now takes {parameters(method)}; "
            "kendali/lib/sqlite/base.py calls super().{name}() with no arguments"
        )


def test_django_still_calls_our_overrides_from_its_public_methods():
    calls = {"commit": "self._commit()", "rollback": "self._rollback()", "close": "self._close()"}
    for public, private in calls.items():
        assert private in source(getattr(BaseDatabaseWrapper, public)), (
            f"BaseDatabaseWrapper.{public}() no longer calls {private}: the writer lock of "
            "kendali/lib/sqlite/base.py would never be released"
        )
    assert "force_begin_transaction_with_broken_autocommit" in parameters(
        BaseDatabaseWrapper.set_autocommit
    ), "set_autocommit() lost force_begin_transaction_with_broken_autocommit"
    assert "self._start_transaction_under_autocommit()" in source(
        BaseDatabaseWrapper.set_autocommit
    ), "set_autocommit() no longer calls _start_transaction_under_autocommit(): no writer queue"
    assert "force_begin_transaction_with_broken_autocommit=True" in source(
        transaction.Atomic.__enter__
    ), "atomic() no longer begins SQLite transactions through _start_transaction_under_autocommit"


def test_sqlite_still_begins_with_the_configured_transaction_mode():
    assert "transaction_mode" in source(
        sqlite_base.DatabaseWrapper._start_transaction_under_autocommit
    ), "SQLite's BEGIN no longer uses OPTIONS['transaction_mode'] (we need BEGIN IMMEDIATE)"
    assert "IMMEDIATE" in sqlite_base.DatabaseWrapper.transaction_modes


def test_the_writer_lock_is_taken_at_begin_and_released_by_commit_rollback_and_close(
    django_db_blocker, tmp_path
):
    """On a private SQLite file (in memory, Django ignores close()), through Django's own
    entry points."""
    guard = {
        "ENGINE": "kendali.lib.sqlite",
        "NAME": str(tmp_path / "guard.sqlite3"),
        "OPTIONS": {"transaction_mode": "IMMEDIATE"},
    }
    connection = ConnectionHandler({"default": guard})["default"]
    lock = kendali_sqlite._WRITE_LOCK
    with django_db_blocker.unblock():
        _begin_and_end_transactions(connection, lock)


def _begin_and_end_transactions(connection: Any, lock: Any) -> None:
    try:
        for end in ("commit", "rollback", "close"):
            assert not lock.locked(), "the writer lock is held before the test begins"
            connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            assert connection._holds_write_lock and lock.locked(), (
                "BEGIN no longer goes through _start_transaction_under_autocommit: "
                "writers are not queued"
            )
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            getattr(connection, end)()
            assert not lock.locked(), f"{end}() no longer releases the writer lock (via _{end})"
            connection.set_autocommit(True)
    finally:
        connection.close()
        assert not lock.locked()


# ASGI handler -----------------------------------------------------------------------------------


def test_the_asgi_handler_still_builds_its_chain_in_load_middleware():
    assert "is_async" in parameters(BaseHandler.load_middleware), (
        "BaseHandler.load_middleware() lost its is_async parameter: "
        "KendaliASGIHandler.load_middleware passes is_async=False"
    )
    assert "self.load_middleware(is_async=True)" in source(ASGIHandler.__init__), (
        "ASGIHandler.__init__ no longer calls load_middleware(is_async=True): "
        "KendaliASGIHandler's sync chain would not be built"
    )
    assert "self._middleware_chain = " in source(BaseHandler.load_middleware), (
        "load_middleware() no longer stores the chain in _middleware_chain"
    )
    assert "self._middleware_chain(request)" in source(BaseHandler.get_response), (
        "BaseHandler.get_response() no longer calls self._middleware_chain(request)"
    )
    assert parameters(BaseHandler.get_response) == ["self", "request"], (
        f"BaseHandler.get_response now takes {parameters(BaseHandler.get_response)}"
    )


def test_our_handler_s_chain_is_synchronous():
    from kendali.asgi import KendaliASGIHandler

    handler = KendaliASGIHandler()
    chain = handler._middleware_chain
    assert chain is not None, "load_middleware() no longer sets _middleware_chain"
    assert not iscoroutinefunction(chain), (
        "KendaliASGIHandler's middleware chain is async: load_middleware(is_async=False) "
        "is no longer honoured, every request would hop threads again"
    )


def test_the_asgi_handler_still_asks_get_response_async_for_each_request():
    assert "self.run_get_response(request)" in source(ASGIHandler.handle), (
        "ASGIHandler.handle() no longer calls run_get_response(request)"
    )
    assert "await self.get_response_async(request)" in source(ASGIHandler.run_get_response), (
        "ASGIHandler.run_get_response() no longer awaits self.get_response_async(request): "
        "KendaliASGIHandler.get_response_async would be bypassed"
    )
    assert parameters(ASGIHandler.get_response_async) == ["self", "request"], (
        "ASGIHandler.get_response_async now takes "
        f"{parameters(ASGIHandler.get_response_async)}; KendaliASGIHandler overrides it"
    )


def test_async_views_still_run_through_async_to_sync_in_a_sync_chain():
    assert "async_to_sync(wrapped_callback)" in source(BaseHandler._get_response), (
        "BaseHandler._get_response() no longer adapts async views with async_to_sync: "
        "the event stream would not run under KendaliASGIHandler's sync chain"
    )


def test_the_static_finder_still_sets_a_prefix_on_its_storages(tmp_path):
    with override_settings(STATICFILES_DIRS=[("guard", str(tmp_path))]):
        finder = FileSystemFinder()
    storages = list(finder.storages.values())
    assert [getattr(storage, "prefix", None) for storage in storages] == ["guard"], (
        "FileSystemFinder no longer sets storage.prefix: kendali/asgi.py StaticFiles "
        "would serve prefixed STATICFILES_DIRS at the wrong URLs"
    )
    assert parameters(FileSystemFinder.list) == ["self", "ignore_patterns"], (
        f"FileSystemFinder.list now takes {parameters(FileSystemFinder.list)}"
    )
