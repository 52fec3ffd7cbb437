"""`kendali import-areas FILE.geojson`: load or replace area boundaries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kendali.cities.importer import AreaImportError, import_areas, read_features
from kendali.cities.models import City


class Command(BaseCommand):
    help = (
        "Import kecamatan and kelurahan boundaries from a GeoJSON FeatureCollection. Each "
        "feature needs a code and a name; kelurahan name their kecamatan in `parent` or are "
        "placed by location. Areas with an existing code are updated. Nothing is written "
        "unless every feature is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--level", choices=["kecamatan", "kelurahan"])
        parser.add_argument("--code-field", default="code")
        parser.add_argument("--name-field", default="name")
        parser.add_argument("--parent-field", default="parent")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        city = City.current()
        if city is None:
            raise CommandError(
                "no city yet: create it in the admin (/admin/cities/city/add/) "
                "or run `kendali demo`"
            )
        try:
            features = read_features(
                options["file"],
                code_field=options["code_field"],
                name_field=options["name_field"],
                parent_field=options["parent_field"],
                level=options["level"],
            )

            def progress(items: Any) -> Any:
                return tqdm(
                    items,
                    total=len(features),
                    desc="areas",
                    unit="area",
                    file=sys.stderr,
                    disable=options["quiet"],
                )

            result = import_areas(features, city, progress=progress)
        except AreaImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} area(s) created, {result.updated} updated"
                + (
                    f"; {result.parents_found_by_location} kelurahan placed by location"
                    if result.parents_found_by_location
                    else ""
                )
            )
        )
