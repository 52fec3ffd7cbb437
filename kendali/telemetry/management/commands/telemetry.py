"""`kendali telemetry import KIND FILE`, `kendali telemetry token create NAME` and
`kendali telemetry tracker new VEHICLE`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kendali.agencies.models import Agency
from kendali.telemetry.actions import renew_tracker_id
from kendali.telemetry.importer import KINDS, ImportProblems, import_rows, read_rows
from kendali.telemetry.models import IngestToken, Vehicle


class Command(BaseCommand):
    help = (
        "Telemetry registry and tokens. `import sensors|cameras|vehicles FILE` reads CSV or "
        "GeoJSON (nothing is written unless every row is valid); `token create NAME "
        "[--agency CODE]` prints a token for POST /api/v1/readings; `tracker new VEHICLE` "
        "gives a vehicle a new random GPS tracker id and prints it (the old one stops working)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        importing = sub.add_parser("import")
        importing.add_argument("kind", choices=KINDS)
        importing.add_argument("file", type=Path)
        importing.add_argument("--quiet", action="store_true", help="no progress bar")
        token = sub.add_parser("token")
        token.add_argument("verb", choices=["create"])
        token.add_argument("name")
        token.add_argument("--agency", default=None, help="limit the token to this agency")
        tracker = sub.add_parser("tracker")
        tracker.add_argument("verb", choices=["new"])
        tracker.add_argument("vehicle", help="the vehicle's code")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "import":
            self._import(options)
        elif options["what"] == "tracker":
            self._tracker(options)
        else:
            self._token(options)

    def _import(self, options: dict[str, Any]) -> None:
        try:
            rows = read_rows(options["file"])

            def progress(items: Any) -> Any:
                return tqdm(
                    items,
                    total=len(rows),
                    desc=options["kind"],
                    file=sys.stderr,
                    disable=options["quiet"],
                )

            result = import_rows(options["kind"], rows, progress=progress)
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc}") from None
        except ImportProblems as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)") from None
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS(f"{result.created} created, {result.updated} updated"))

    def _token(self, options: dict[str, Any]) -> None:
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"unknown agency {options['agency']!r}")
        _token, secret = IngestToken.issue(options["name"], agency)
        self.stdout.write(secret)

    def _tracker(self, options: dict[str, Any]) -> None:
        vehicle = Vehicle.objects.filter(code=options["vehicle"]).first()
        if vehicle is None:
            raise CommandError(f"unknown vehicle {options['vehicle']!r}")
        self.stdout.write(renew_tracker_id(vehicle, None))
