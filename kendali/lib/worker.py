"""Background work as plain functions run on a schedule.

Apps register jobs with :func:`job` in a module their AppConfig imports in ``ready()``.
``kendali worker`` runs them in the foreground; ``kendali serve`` runs the same loop in a thread
of the server process (the embedded default). Jobs must be safe to run in several workers at
once (row locks, SKIP LOCKED) and after a crash at any point: that is each job's contract.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import close_old_connections

logger = logging.getLogger("kendali.worker")


@dataclass
class Job:
    name: str
    every: float  # seconds between runs
    run: Callable[[], object]
    next_at: float = field(default=0.0)


_jobs: dict[str, Job] = {}


def job(name: str, every: float) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register ``function`` to run about every ``every`` seconds in the worker."""

    def register(function: Callable[[], object]) -> Callable[[], object]:
        _jobs[name] = Job(name=name, every=every, run=function)
        return function

    return register


def registered() -> list[Job]:
    return list(_jobs.values())


def run_once(jobs: list[Job] | None = None) -> dict[str, object]:
    """Run every job once, now (tests and `kendali worker --once`). Errors are logged."""
    results: dict[str, object] = {}
    for item in jobs or registered():
        results[item.name] = _run(item)
    return results


def _run(item: Job) -> object:
    close_old_connections()
    try:
        return item.run()
    except Exception:  # one failing job must not stop the others or the loop
        logger.exception("job %s failed", item.name)
        return None
    finally:
        close_old_connections()


class WorkerLoop:
    """Run the registered jobs on their schedules until stopped."""

    def __init__(self, tick: float = 1.0) -> None:
        self.tick = tick
        self.stopped = threading.Event()

    def run_forever(self) -> None:
        jobs = registered()
        names = ", ".join(f"{j.name} every {j.every:g}s" for j in jobs)
        logger.info("worker: %s", names or "no jobs")
        while not self.stopped.is_set():
            now = time.monotonic()
            for item in jobs:
                if now >= item.next_at:
                    _run(item)
                    item.next_at = time.monotonic() + item.every
            self.stopped.wait(self.tick)

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="worker", daemon=True)
        thread.start()
        return thread
