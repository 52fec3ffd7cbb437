"""Shared pieces of Kendali's printable documents (ReportLab, with the Vera fonts it ships)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

_FONTS = Path(reportlab.__file__).parent / "fonts"
_registered = False


def register_fonts() -> None:
    """Vera and Vera Bold, which cover Indonesian and Sundanese (é) without system fonts."""
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont("Vera", str(_FONTS / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("Vera-Bold", str(_FONTS / "VeraBd.ttf")))
        _registered = True


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    cell: ParagraphStyle


def styles() -> Styles:
    register_fonts()
    sample = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=sample["BodyText"], fontName="Vera", fontSize=9.5, leading=13
    )
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, textColor=colors.grey),
        title=ParagraphStyle("title", parent=sample["Title"], fontName="Vera-Bold", fontSize=16),
        heading=ParagraphStyle(
            "heading", parent=sample["Heading2"], fontName="Vera-Bold", fontSize=11
        ),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
    )


def text(value: str) -> str:
    """Plain text as ReportLab paragraph markup."""
    return escape(value).replace("\n", "<br/>")


def grid(rows: list[list[Any]], widths: list[float], header: str = "#e0f2f1") -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(header)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def build(story: list[Any], *, title: str, author: str) -> bytes:
    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        title=title,
        author=author,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    document.build(story)
    return output.getvalue()
