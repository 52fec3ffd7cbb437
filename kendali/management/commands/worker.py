"""`kendali worker`: run background jobs (clocks, escalations, deliveries, ...)."""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kendali.lib.worker import WorkerLoop, registered, run_once


class Command(BaseCommand):
    help = "Run Kendali's background jobs. Safe to run several at once on PostgreSQL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every job once and exit")
        parser.add_argument("--list", action="store_true", help="list the jobs and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in registered():
                self.stdout.write(f"{job.name:30} every {job.every:g} s")
            return
        if options["once"]:
            for name, result in run_once().items():
                self.stdout.write(f"{name}: {result}")
            return
        with contextlib.suppress(KeyboardInterrupt):
            WorkerLoop().run_forever()
