import pytest

from kendali.lib import worker

# The loop closes stale database connections around each job, as in production.
pytestmark = pytest.mark.django_db


# A job closes stale connections around each run, which touches the connection an earlier test
# in this process opened; allow it, as the worker thread of a real server does.
@pytest.mark.django_db
def test_jobs_run_once_and_a_failing_job_does_not_stop_the_others(monkeypatch):
    monkeypatch.setattr(worker, "_jobs", {})
    calls = []

    @worker.job("first", every=5)
    def first():
        raise RuntimeError("boom")

    @worker.job("second", every=5)
    def second():
        calls.append("second")
        return 3

    results = worker.run_once()
    assert results == {"first": None, "second": 3}
    assert calls == ["second"]


def test_the_loop_runs_jobs_on_their_schedule_until_stopped(monkeypatch):
    monkeypatch.setattr(worker, "_jobs", {})
    loop = worker.WorkerLoop(tick=0.01)
    seen = []

    @worker.job("count", every=0.02)
    def count():
        seen.append(1)
        if len(seen) >= 3:
            loop.stopped.set()

    loop.start_thread().join(5)
    assert len(seen) == 3
