"""`kendali insights rebuild`: recompute every daily rollup, with a progress bar."""

from __future__ import annotations

import sys
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kendali.insights.rollups import rebuild, refresh


class Command(BaseCommand):
    help = "Rebuild or refresh the daily rollups the KPIs, scorecards and dashboards read."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "refresh"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "refresh":
            result = refresh()
            self.stdout.write(f"{result['days']} day(s), {result['reports']} report(s) recomputed")
            return
        started = time.monotonic()
        interactive = sys.stdout.isatty()

        def progress(done: int, total: int, day: date) -> None:
            if not interactive and done != total and done % 30:
                return
            width = 30
            filled = width * done // total
            bar = "#" * filled + "-" * (width - filled)
            end = "\r" if interactive and done != total else "\n"
            self.stdout.write(f"[{bar}] {done}/{total} days ({day.isoformat()})", ending=end)
            self.stdout.flush()

        result = rebuild(progress)
        self.stdout.write(
            f"rolled up {result['reports']} report(s) over {result['days']} day(s) "
            f"in {time.monotonic() - started:.1f} s"
        )
