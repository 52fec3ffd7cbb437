"""The per-process cache: kept for its time, forgotten on a change, emptied by clear_all."""

from __future__ import annotations

from kendali.lib.cache import ProcessCache, clear_all, registered
from kendali.sla.models import Calendar


def counting_loader(values):
    calls = []

    def load():
        calls.append(1)
        return values[len(calls) - 1]

    return load, calls


def test_a_value_is_kept_until_it_expires():
    now = [100.0]
    cache = ProcessCache[str, int]("test.expiry", seconds=30, clock=lambda: now[0])
    load, calls = counting_loader([1, 2])
    assert cache.get("k", load) == 1
    now[0] += 29
    assert cache.get("k", load) == 1
    now[0] += 2
    assert cache.get("k", load) == 2
    assert len(calls) == 2


def test_get_many_loads_only_the_missing_keys_and_skips_unknown_ones():
    cache = ProcessCache[str, str]("test.many", seconds=30)
    asked: list[list[str]] = []

    def load(keys):
        asked.append(sorted(keys))
        return {key: key.upper() for key in keys if key != "unknown"}

    assert cache.get_many(["a", "b"], load) == {"a": "A", "b": "B"}
    assert cache.get_many(["a", "c", "unknown"], load) == {"a": "A", "c": "C"}
    assert asked == [["a", "b"], ["c", "unknown"]]


def test_update_changes_a_cached_value_and_ignores_an_absent_one():
    cache = ProcessCache[str, int]("test.update", seconds=30)
    cache.set("k", 1)
    cache.update("k", lambda v: v + 1)
    cache.update("absent", lambda v: v + 1)
    assert cache.get("k", lambda: 0) == 2
    assert cache.get("absent", lambda: 7) == 7


def test_a_saved_row_of_a_watched_model_empties_the_cache(db):
    cache = ProcessCache[str, int]("test.watch", seconds=300)
    cache.forget_on(Calendar)
    cache.set("k", 1)
    Calendar.objects.create(code="test-watch", name="x")
    assert cache.get("k", lambda: 2) == 2


def test_clear_all_empties_every_cache_including_the_apps_own():
    import kendali.notify.actions
    import kendali.sla.actions
    import kendali.telemetry.ingest  # noqa: F401

    cache = ProcessCache[str, int]("test.clear_all", seconds=300)
    cache.set("k", 1)
    clear_all()
    assert cache.get("k", lambda: 2) == 2
    assert {"sla.policies", "sla.schedules", "notify.endpoints", "telemetry.sensors"} <= set(
        registered()
    )
