"""Telemetry templates keep their words translatable: checked on what `makemessages` extracts
(`templatize` blanks out plain text and keeps only the messages inside translation tags)."""

from pathlib import Path

from django.utils.translation.template import templatize

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "telemetry" / "console"


def test_the_speed_unit_on_the_fleet_page_is_translatable():
    extracted = templatize((TEMPLATES / "vehicles.html").read_text())
    assert "km/jam" in extracted
