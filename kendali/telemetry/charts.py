"""Server-rendered SVG line charts (no JavaScript, no third-party library): a sensor's
per-minute or per-hour rollups with its rule thresholds as dashed lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28


@dataclass(frozen=True)
class Line:
    y: float
    label: str
    value: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: str  # the polyline's "x,y x,y ..."
    band: str  # polygon of min..max
    thresholds: list[Line]
    y_ticks: list[Line]
    x_ticks: list[Tick]
    empty: bool
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def line_chart(
    series: Sequence[tuple[datetime, float, float, float]],
    start: datetime,
    end: datetime,
    *,
    thresholds: Sequence[tuple[str, float]] = (),
    tick_format: str = "%H:%M",
    ticks: int = 6,
) -> Chart:
    """``series`` holds (time, mean, min, max) in time order."""
    values = [v for _t, mean, low, high in series for v in (mean, low, high)]
    limits = [value for _name, value in thresholds]
    low = min([*values, *limits]) if values else 0.0
    high = max([*values, *limits]) if values else 1.0
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    span = max((end - start).total_seconds(), 1.0)

    def x(moment: datetime) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (moment - start).total_seconds() / span, 1)

    def y(value: float) -> float:
        return round(TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / (high - low), 1)

    points = " ".join(f"{x(t)},{y(mean)}" for t, mean, _l, _h in series)
    upper = [f"{x(t)},{y(h)}" for t, _m, _l, h in series]
    lower = [f"{x(t)},{y(lo)}" for t, _m, lo, _h in reversed(series)]
    local = timezone.get_current_timezone()
    step = span / ticks
    x_ticks = [
        Tick(
            x(start + (end - start) * (i / ticks)),
            (start + (end - start) * (i / ticks)).astimezone(local).strftime(tick_format),
        )
        for i in range(ticks + 1)
    ]
    del step
    y_ticks = [
        Line(
            y(low + (high - low) * i / 4),
            f"{low + (high - low) * i / 4:.4g}",
            low + (high - low) * i / 4,
        )
        for i in range(5)
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        band=" ".join(upper + lower),
        thresholds=[Line(y(value), name, value) for name, value in thresholds],
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        empty=not series,
    )
