"""A published SOP as a printable PDF (ReportLab, with the Vera fonts it ships)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from kendali.agencies.choices import Role
from kendali.lib.pdf import build, grid, styles, text
from kendali.sops.models import SOP, SOPVersion


def render(sop: SOP, version: SOPVersion, city_name: str) -> bytes:
    look = styles()
    body, small, title, heading, cell = look.body, look.small, look.title, look.heading, look.cell
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
    table = grid(rows, [10 * mm, 105 * mm, 35 * mm, 25 * mm])
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
    return build(story, title=f"{sop.code} v{version.number}: {sop.title}", author=city_name)
