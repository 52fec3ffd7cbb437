"""Choices that carry a colour as well as a label, so the console's badges, the map legend and the
API read one definition (like NetBox's ``ChoiceSet``).

A subclass lists its members as usual and names each value's colour in ``COLORS``, wrapped in
:func:`enum.nonmember` so that it is not a choice itself::

    class Priority(ColoredChoices):
        LOW = "low", _("Rendah")
        URGENT = "urgent", _("Darurat")
        COLORS = nonmember({"low": "grey", "urgent": "red"})

A value without a colour is grey. The colours are the badge classes of ``kendali.css``.
"""

from __future__ import annotations

from enum import nonmember
from typing import Any

from django.db import models

__all__ = ["PALETTE", "ColoredChoices", "nonmember"]

# The badge colours the stylesheet defines (white text on each passes WCAG AA).
PALETTE = frozenset(
    {"blue", "indigo", "purple", "orange", "green", "teal", "yellow", "red", "grey"}
)
DEFAULT_COLOR = "grey"


class ColoredChoices(models.TextChoices):
    @classmethod
    def colors(cls) -> dict[str, str]:
        found: dict[str, str] = getattr(cls, "COLORS", {})
        return found

    @classmethod
    def color(cls, value: Any) -> str:
        return cls.colors().get(str(value), DEFAULT_COLOR)

    @classmethod
    def legend(cls) -> list[tuple[str, str, str]]:
        """Each choice as (value, label, colour), in declaration order."""
        return [(str(value), str(label), cls.color(value)) for value, label in cls.choices]
