"""The monthly governance report: a PDF in Indonesian for the city and for each agency.

KPIs against their targets, twelve months of trend, the league table (the city's report),
deadlines missed with the reasons on record, SOP compliance, notable incidents (urgent
reports) and citizens' satisfaction. Made by the worker on the 1st of each month for the
month before, or on demand for any period; archived as `MonthlyReport` rows.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from kendali.agencies.models import Agency
from kendali.cities.models import City
from kendali.insights.board import Board, league
from kendali.insights.choices import KpiStatus, Measure
from kendali.insights.facts import day_bounds
from kendali.insights.kpis import Result, Scope, Span, active_kpis
from kendali.lib.pdf import build, grid, styles, text
from kendali.reports.choices import Priority
from kendali.reports.models import Report, Transition
from kendali.sla.choices import ClockKind

STATUS_COLORS = {"green": "#15803d", "yellow": "#a16207", "red": "#b91c1c", "grey": "#4b5563"}
BREACH_LIST = 25
INCIDENT_LIST = 15


def trend_chart(results: list[Result], title: str) -> Drawing:
    """A line of monthly values with its first and last month labelled."""
    width, height = 170 * mm, 38 * mm
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, title, fontName="Vera-Bold", fontSize=8))
    values = [r.value for r in results]
    known = [v for v in values if v is not None]
    base, top = 8.0, height - 24
    drawing.add(Line(0, base, width, base, strokeColor=colors.lightgrey))
    if known:
        low, high = min(known), max(known)
        if high == low:
            low, high = low - 1, high + 1
        step = (width - 20) / max(1, len(values) - 1)
        points: list[float] = []
        for i, value in enumerate(values):
            if value is None:
                continue
            points += [10 + i * step, base + (value - low) / (high - low) * (top - base)]
        if len(points) >= 4:
            drawing.add(PolyLine(points, strokeColor=colors.HexColor("#1d4ed8"), strokeWidth=1.5))
        drawing.add(String(0, top, f"{high:g}", fontName="Vera", fontSize=6))
        drawing.add(String(0, base + 2, f"{low:g}", fontName="Vera", fontSize=6))
    if results and results[0].span and results[-1].span:
        drawing.add(String(10, 0, results[0].span.label, fontName="Vera", fontSize=6))
        drawing.add(String(width - 30, 0, results[-1].span.label, fontName="Vera", fontSize=6))
    return drawing


def render(span: Span, agency: Agency | None) -> bytes:
    with translation.override("id"):
        return _render(span, agency)


def _render(span: Span, agency: Agency | None) -> bytes:
    look = styles()
    city = City.current()
    city_name = city.name if city else "Kendali"
    scope = Scope(agency_id=agency.pk) if agency else Scope()
    kpis = [k for k in active_kpis() if k.agency_id in (None, agency.pk if agency else None)]
    board = Board(kpis, span, scope)
    whom = agency.name if agency else city_name
    story: list[Any] = [
        Paragraph(text(city_name), look.small),
        Paragraph(text(_("Laporan kinerja layanan: %(whom)s") % {"whom": whom}), look.title),
        Paragraph(
            text(
                _("Periode %(start)s sampai %(end)s · dibuat %(when)s")
                % {
                    "start": span.start.strftime("%d-%m-%Y"),
                    "end": span.end.strftime("%d-%m-%Y"),
                    "when": timezone.localtime().strftime("%d-%m-%Y %H:%M"),
                }
            ),
            look.small,
        ),
        Spacer(1, 4 * mm),
        Paragraph(text(_("Indikator kinerja terhadap target")), look.heading),
    ]
    rows: list[list[Any]] = [
        [
            Paragraph(f"<b>{text(h)}</b>", look.cell)
            for h in (_("Indikator"), _("Nilai"), _("Target"), _("Status"))
        ]
    ]
    results = board.tiles()
    for result in results:
        color = STATUS_COLORS[result.status]
        rows.append(
            [
                Paragraph(text(str(result.kpi.name)), look.cell),
                Paragraph(text(result.shown), look.cell),
                Paragraph(text(result.target_shown), look.cell),
                Paragraph(
                    f'<font color="{color}"><b>{text(result.status_label)}</b></font>', look.cell
                ),
            ]
        )
    story += [grid(rows, [80 * mm, 35 * mm, 30 * mm, 35 * mm]), Spacer(1, 4 * mm)]

    story.append(Paragraph(text(_("Tren dua belas bulan")), look.heading))
    for kpi in kpis:
        if kpi.measure in (
            Measure.SLA_COMPLIANCE,
            Measure.RESOLVE_HOURS_MEDIAN,
            Measure.VERIFIED_ON_TIME,
        ):
            story.append(trend_chart(board.trend(kpi), str(kpi.name)))

    if agency is None:
        story.append(Paragraph(text(_("Peringkat perangkat daerah")), look.heading))
        table = league(board, list(Agency.objects.filter(is_active=True).order_by("code")))
        rows = [
            [
                Paragraph(f"<b>{text(h)}</b>", look.cell)
                for h in ("#", _("Perangkat daerah"), _("Tercapai"), _("Tidak tercapai"))
            ]
        ]
        for row in table:
            rows.append(
                [
                    Paragraph(str(row.rank), look.cell),
                    Paragraph(text(row.agency.name), look.cell),
                    Paragraph(str(row.greens), look.cell),
                    Paragraph(str(row.reds), look.cell),
                ]
            )
        story += [grid(rows, [12 * mm, 110 * mm, 28 * mm, 30 * mm]), Spacer(1, 4 * mm)]

    story += _breaches(span, scope, look)
    story += _sop_and_satisfaction(results, look)
    story += _incidents(span, scope, look)
    return build(
        story,
        title=_("Laporan kinerja layanan: %(whom)s") % {"whom": whom},
        author=city_name,
    )


def _reports_in(span: Span, scope: Scope) -> Any:
    start, _end = day_bounds(span.start)
    _start, end = day_bounds(span.end)
    return Report.objects.filter(scope.q(), created_at__gte=start, created_at__lt=end)


def _breaches(span: Span, scope: Scope, look: Any) -> list[Any]:
    """Reports filed in the period that missed their resolution deadline, with the reasons on
    record (a hold, a return or a reopening)."""
    now = timezone.now()
    # One filter() call, so both conditions hold for the same (resolve) clock.
    late = (
        _reports_in(span, scope)
        .filter(
            Q(clocks__kind=ClockKind.RESOLVE)
            & (
                Q(clocks__outcome="late")
                | Q(
                    clocks__stopped_at__isnull=True,
                    clocks__paused_at__isnull=True,
                    clocks__due_at__lte=now,
                )
            )
        )
        .select_related("category", "agency")
        .order_by("created_at")
    )
    total = late.count()
    story: list[Any] = [
        Paragraph(text(_("Tenggat SLA yang terlewat")), look.heading),
        Paragraph(
            text(_("%(n)s laporan melewati tenggat penyelesaian.") % {"n": total}), look.body
        ),
    ]
    shown = list(late[:BREACH_LIST])
    if shown:
        reasons: dict[int, str] = {}
        for report_id, reason in (
            Transition.objects.filter(report__in=shown, action__in=("hold", "return", "reopen"))
            .exclude(reason="")
            .order_by("created_at")
            .values_list("report_id", "reason")
        ):
            reasons[report_id] = reason
        rows: list[list[Any]] = [
            [
                Paragraph(f"<b>{text(h)}</b>", look.cell)
                for h in (_("Tiket"), _("Kategori"), _("Perangkat daerah"), _("Alasan tercatat"))
            ]
        ]
        for report in shown:
            rows.append(
                [
                    Paragraph(report.ticket, look.cell),
                    Paragraph(text(report.category.name), look.cell),
                    Paragraph(text(report.agency.short_name if report.agency else "–"), look.cell),
                    Paragraph(text(reasons.get(report.pk, "–")[:200]), look.cell),
                ]
            )
        story.append(grid(rows, [25 * mm, 40 * mm, 35 * mm, 80 * mm]))
        if total > len(shown):
            story.append(
                Paragraph(
                    text(
                        _("Dan %(n)s laporan lain; lihat antrean di konsol.")
                        % {"n": total - len(shown)}
                    ),
                    look.small,
                )
            )
    by_agency = Counter(late.values_list("agency__short_name", flat=True))
    if len(by_agency) > 1:
        story.append(
            Paragraph(
                text(", ".join(f"{name or '–'}: {n}" for name, n in by_agency.most_common())),
                look.small,
            )
        )
    story.append(Spacer(1, 4 * mm))
    return story


def _sop_and_satisfaction(results: list[Result], look: Any) -> list[Any]:
    story: list[Any] = []
    for measure, heading in (
        (Measure.SOP_STEP_COMPLIANCE, _("Kepatuhan SOP")),
        (Measure.SATISFACTION, _("Kepuasan pelapor")),
    ):
        result = next((r for r in results if r.kpi.measure == measure), None)
        if result is None:
            continue
        story.append(Paragraph(text(heading), look.heading))
        if result.status == KpiStatus.GREY:
            note = (
                _("Belum ada penilaian dari pelapor.")
                if measure == Measure.SATISFACTION
                else _("Data belum cukup untuk menilai.")
            )
            story.append(Paragraph(text(note), look.body))
        else:
            story.append(
                Paragraph(
                    text(
                        _("%(value)s (target %(target)s): %(status)s.")
                        % {
                            "value": result.shown,
                            "target": result.target_shown,
                            "status": result.status_label,
                        }
                    ),
                    look.body,
                )
            )
    return story


def _incidents(span: Span, scope: Scope, look: Any) -> list[Any]:
    urgent = (
        _reports_in(span, scope)
        .filter(priority=Priority.URGENT)
        .select_related("category", "area")
        .order_by("created_at")
    )
    story: list[Any] = [Paragraph(text(_("Kejadian menonjol (prioritas darurat)")), look.heading)]
    shown = list(urgent[:INCIDENT_LIST])
    if not shown:
        return [
            *story,
            Paragraph(text(_("Tidak ada laporan darurat pada periode ini.")), look.body),
        ]
    rows: list[list[Any]] = [
        [
            Paragraph(f"<b>{text(h)}</b>", look.cell)
            for h in (_("Tiket"), _("Tanggal"), _("Kategori"), _("Wilayah"), _("Status"))
        ]
    ]
    for report in shown:
        rows.append(
            [
                Paragraph(report.ticket, look.cell),
                Paragraph(timezone.localtime(report.created_at).strftime("%d-%m %H:%M"), look.cell),
                Paragraph(text(report.category.name), look.cell),
                Paragraph(text(report.area.name if report.area else "–"), look.cell),
                Paragraph(text(str(report.get_status_display())), look.cell),
            ]
        )
    return [*story, grid(rows, [25 * mm, 25 * mm, 45 * mm, 45 * mm, 40 * mm])]
