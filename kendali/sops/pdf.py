"""A published SOP as a printable PDF (ReportLab, with the Vera fonts it ships)."""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

import reportlab
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kendali.agencies.choices import Role
from kendali.sops.models import SOP, SOPVersion

_FONTS = Path(reportlab.__file__).parent / "fonts"
_registered = False


def _fonts() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont("Vera", str(_FONTS / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("Vera-Bold", str(_FONTS / "VeraBd.ttf")))
        _registered = True


def render(sop: SOP, version: SOPVersion, city_name: str) -> bytes:
    _fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=styles["BodyText"], fontName="Vera", fontSize=9.5, leading=13
    )
    small = ParagraphStyle("small", parent=body, fontSize=8, textColor=colors.grey)
    title = ParagraphStyle("title", parent=styles["Title"], fontName="Vera-Bold", fontSize=16)
    heading = ParagraphStyle(
        "heading", parent=styles["Heading2"], fontName="Vera-Bold", fontSize=11
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11)

    def text(value: str) -> str:
        return escape(value).replace("\n", "<br/>")

    story = [
        Paragraph(text(city_name), small),
        Paragraph(text(sop.title), title),
        Paragraph(
            text(
                _("Kode %(code)s · versi %(number)d · berlaku sejak %(date)s")
                % {
                    "code": sop.code,
                    "number": version.number,
                    "date": version.published_at.strftime("%d-%m-%Y")
                    if version.published_at
                    else "-",
                }
            ),
            small,
        ),
        Spacer(1, 4 * mm),
    ]
    for label, value in ((_("Tujuan"), sop.purpose), (_("Dasar hukum"), sop.legal_basis)):
        if value:
            story += [Paragraph(text(label), heading), Paragraph(text(value), body)]
    story.append(Paragraph(text(_("Langkah")), heading))
    rows = [
        [
            Paragraph(f"<b>{text(h)}</b>", cell)
            for h in ("#", _("Langkah"), _("Penanggung jawab"), _("Batas waktu"))
        ]
    ]
    for step in version.steps.all():
        details = text(step.title)
        if step.instructions:
            details += "<br/>" + text(step.instructions)
        if step.kind == "decision":
            details += "<br/>" + text(
                _("Ya → langkah %(yes)s; tidak → langkah %(no)s")
                % {"yes": step.yes_step, "no": step.no_step}
            )
        rows.append(
            [
                Paragraph(str(step.order), cell),
                Paragraph(details, cell),
                Paragraph(text(str(Role(step.owner_role).label)), cell),
                Paragraph(
                    text(_("%(minutes)s menit") % {"minutes": step.time_limit_minutes})
                    if step.time_limit_minutes
                    else "–",
                    cell,
                ),
            ]
        )
    table = Table(rows, colWidths=[10 * mm, 105 * mm, 35 * mm, 25 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e0f2f1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [table, Spacer(1, 4 * mm)]
    story.append(
        Paragraph(
            text(
                _("Dicetak %(when)s dari situs resmi.")
                % {"when": timezone.localtime().strftime("%d-%m-%Y %H:%M")}
            ),
            small,
        )
    )
    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        title=f"{sop.code} v{version.number}: {sop.title}",
        author=city_name,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    document.build(story)
    return output.getvalue()
