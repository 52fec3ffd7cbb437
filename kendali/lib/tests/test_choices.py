"""Choices with colours: one definition, every colour a badge the stylesheet has."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from django.apps import apps

from kendali.lib.choices import PALETTE, ColoredChoices, nonmember

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "kendali" / "kendali.css"


class Light(ColoredChoices):
    GREEN = "green", "Hijau"
    OFF = "off", "Mati"
    COLORS = nonmember({"green": "green"})


def every_colored_choices() -> list[type[ColoredChoices]]:
    for config in apps.get_app_configs():
        if config.name.startswith("kendali."):
            try:
                importlib.import_module(f"{config.name}.choices")
            except ModuleNotFoundError:
                continue
    return [cls for cls in ColoredChoices.__subclasses__() if cls is not Light]


def test_a_value_carries_its_colour_and_an_unnamed_one_is_grey():
    assert Light.color(Light.GREEN) == "green" and Light.color("off") == "grey"
    assert Light.color("nonsense") == "grey"
    assert Light.legend() == [("green", "Hijau", "green"), ("off", "Mati", "grey")]
    assert [choice.value for choice in Light] == ["green", "off"]  # COLORS is not a choice


def test_every_app_names_colours_of_its_own_values_from_the_palette():
    found = every_colored_choices()
    assert len(found) >= 8
    for cls in found:
        values = set(cls.values)
        assert set(cls.colors()) <= values, cls
        assert set(cls.colors().values()) <= PALETTE, cls


def test_the_stylesheet_has_a_badge_for_every_colour_of_the_palette():
    defined = set(re.findall(r"\.badge-([a-z]+)\s*\{", STYLESHEET.read_text()))
    assert defined >= PALETTE
