"""Charts drawn as SVG on the server: readable on a projector and a phone, no script needed.

Every function returns safe markup built from numbers and escaped labels only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

COLORS = {"green": "#1a7f37", "yellow": "#9a6700", "red": "#cf222e", "grey": "#6e7781"}


def line(
    values: Sequence[float | None],
    labels: Sequence[str],
    title: str,
    *,
    width: int = 320,
    height: int = 90,
) -> SafeString:
    """A line over the periods; gaps where a period has no value. Labels the first and last."""
    known = [v for v in values if v is not None]
    if not known:
        return format_html('<p class="muted small">{}</p>', title)
    low, high = min(known), max(known)
    if high == low:
        low, high = low - 1, high + 1
    pad = 6
    step = (width - 2 * pad) / max(1, len(values) - 1)

    def y(v: float) -> float:
        return round(height - pad - (v - low) / (high - low) * (height - 2 * pad), 1)

    points: list[str] = []
    segments: list[str] = []
    for i, v in enumerate(values):
        if v is None:
            if points:
                segments.append(" ".join(points))
            points = []
            continue
        points.append(f"{round(pad + i * step, 1)},{y(v)}")
    if points:
        segments.append(" ".join(points))
    paths = "".join(
        f'<polyline fill="none" stroke="currentColor" stroke-width="2.5" points="{s}"/>'
        for s in segments
    )
    dots = "".join(
        f'<circle cx="{round(pad + i * step, 1)}" cy="{y(v)}" r="3">'
        f"<title>{escape(labels[i])}: {v:g}</title></circle>"
        for i, v in enumerate(values)
        if v is not None
    )
    return mark_safe(
        f'<svg class="chart-line" viewBox="0 0 {width} {height}" role="img"'
        f' aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{paths}{dots}</svg>"
    )


def bars(rows: Sequence[tuple[str, float]], title: str, *, unit: str = "") -> SafeString:
    """Horizontal bars, longest first as given; the value is written at the end of each bar."""
    if not rows:
        return format_html('<p class="muted small">{}</p>', title)
    top = max(v for _l, v in rows) or 1
    height = 26 * len(rows)
    parts = []
    for i, (label, value) in enumerate(rows):
        w = round(200 * value / top, 1)
        parts.append(
            f'<text x="0" y="{i * 26 + 17}" class="chart-label">{escape(label[:28])}</text>'
            f'<rect x="150" y="{i * 26 + 4}" width="{w}" height="18" fill="currentColor"'
            f' opacity=".75"/><text x="{150 + w + 4}" y="{i * 26 + 17}" class="chart-value">'
            f"{value:g}{escape(unit)}</text>"
        )
    return mark_safe(
        f'<svg class="chart-bars" viewBox="0 0 420 {height}" role="img"'
        f' aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )


def choropleth(
    areas: Sequence[tuple[str, str, dict[str, Any], float]], title: str, *, width: int = 480
) -> SafeString:
    """Areas (code, name, GeoJSON geometry, value) shaded by value, darker is more."""
    rings = [(code, name, _rings(geometry), value) for code, name, geometry, value in areas]
    coords = [pt for _c, _n, rs, _v in rings for ring in rs for pt in ring]
    if not coords:
        return format_html('<p class="muted small">{}</p>', title)
    min_x, max_x = min(p[0] for p in coords), max(p[0] for p in coords)
    min_y, max_y = min(p[1] for p in coords), max(p[1] for p in coords)
    span_x, span_y = (max_x - min_x) or 1, (max_y - min_y) or 1
    height = round(width * span_y / span_x)
    top = max((v for *_x, v in rings), default=0) or 1
    shapes = []
    for code, name, rs, value in rings:
        d = " ".join(
            "M"
            + " L".join(
                f"{round((x - min_x) / span_x * width, 1)},"
                f"{round((max_y - y) / span_y * height, 1)}"
                for x, y in ring
            )
            + " Z"
            for ring in rs
        )
        opacity = round(0.1 + 0.85 * value / top, 2)
        shapes.append(
            f'<path d="{d}" fill="#cf222e" fill-opacity="{opacity}" stroke="#444" stroke-width="1"'
            f' data-area="{escape(code)}"><title>{escape(name)}: {value:g}</title></path>'
        )
    return mark_safe(
        f'<svg class="chart-map" viewBox="0 0 {width} {height}" role="img"'
        f' aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(shapes)}</svg>"
    )


def _rings(geometry: dict[str, Any]) -> list[list[tuple[float, float]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry.get("coordinates", [])]
    elif kind == "MultiPolygon":
        polygons = geometry.get("coordinates", [])
    else:
        return []
    return [[(float(p[0]), float(p[1])) for p in polygon[0]] for polygon in polygons if polygon]
