"""Background jobs are safe with two workers at once and after a crash: rollups never count
twice, camera claims are not taken twice, and every job runs from `kendali worker --once`."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import close_old_connections
from django.utils import timezone

from kendali.telemetry import rollups
from kendali.telemetry.ingest import RawReading, ingest_readings
from kendali.telemetry.models import ReadingHour, ReadingMinute, RollupState


@pytest.mark.django_db(transaction=True)
def test_two_workers_rolling_up_at_once_count_each_reading_once(world, river):
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=2)
    ingest_readings(
        [
            RawReading(river.code, (start + timedelta(seconds=10 * i)).isoformat(), 1.0)
            for i in range(600)
        ]
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        barrier = threading.Barrier(2)

        def work():
            barrier.wait()
            try:
                rollups.roll_up()
            finally:
                close_old_connections()

        workers = [threading.Thread(target=work) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(30)
        rollups.roll_up()  # and once more, as after a crash: nothing changes
    assert sum(ReadingMinute.objects.values_list("count", flat=True)) == 600
    assert sum(ReadingHour.objects.values_list("count", flat=True)) == 600
    assert ReadingMinute.objects.count() == 100
    assert RollupState.objects.get().watermark > 0


def test_every_job_runs_once_from_the_command(world, river, capsys):
    ingest_readings([RawReading(river.code, timezone.now().isoformat(), 50)])
    call_command("worker", "--once")
    out = capsys.readouterr().out
    for name in (
        "telemetry.rollup",
        "telemetry.retention",
        "telemetry.cameras",
        "telemetry.silence",
    ):
        assert name in out
