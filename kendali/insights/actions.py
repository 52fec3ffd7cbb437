"""Making the governance reports: on demand, and by the worker each month."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kendali.agencies.choices import Role
from kendali.agencies.models import Agency, User
from kendali.audit.actions import record
from kendali.insights import monthly
from kendali.insights.choices import Period
from kendali.insights.kpis import Span, span_of
from kendali.insights.models import MonthlyReport
from kendali.lib.errors import Invalid
from kendali.lib.links import public_root
from kendali.notify.actions import enqueue_email

MAX_DAYS = 366 * 2


def make_report(
    start: Any,
    end: Any,
    agency: Agency | None = None,
    *,
    by: User | None = None,
    source: str = "web",
) -> MonthlyReport:
    """Render and archive the report for ``start``..``end`` (inclusive), an agency or the city."""
    if end < start:
        raise Invalid(
            _("Periode berakhir sebelum dimulai."), {"end": _("Harus sesudah tanggal mulai.")}
        )
    if (end - start).days > MAX_DAYS:
        raise Invalid(_("Periode paling panjang dua tahun."), {"end": _("Terlalu jauh.")})
    kind = (
        Period.MONTH if span_of(Period.MONTH, start) == Span(start, end, Period.MONTH) else "custom"
    )
    span = Span(start, end, kind)
    content = monthly.render(span, agency)
    pages = content.count(b"/Type /Page") - content.count(b"/Type /Pages")
    name = f"kinerja-{agency.code if agency else 'kota'}-{start.isoformat()}-{end.isoformat()}.pdf"
    with transaction.atomic():
        report = MonthlyReport(
            start=start, end=end, agency=agency, made_by=by, pages=pages, size=len(content)
        )
        report.file.save(name, ContentFile(content), save=False)
        report.save()
        record(
            actor=by,
            action="insights.report",
            obj=report,
            after={
                "start": start.isoformat(),
                "end": end.isoformat(),
                "agency": agency.code if agency else None,
            },
            source=source,
        )
    return report


def monthly_reports(now: datetime | None = None) -> dict[str, int]:
    """On (or after) the 1st, make last month's reports once and e-mail the executives."""
    now = now or timezone.now()
    last = span_of(Period.MONTH, timezone.localtime(now).date()).previous()
    if MonthlyReport.objects.filter(start=last.start, end=last.end, agency__isnull=True).exists():
        return {"made": 0, "emailed": 0}
    made = [make_report(last.start, last.end, source="worker")]
    for agency in Agency.objects.filter(is_active=True).order_by("code"):
        made.append(make_report(last.start, last.end, agency, source="worker"))
    city = made[0]
    root = public_root(None)
    if not root:
        # Without KENDALI_PUBLIC_URL no link could be absolute: the reports wait in the archive.
        return {"made": len(made), "emailed": 0}
    link = root + reverse("insights-console:report-file", args=[city.pk])
    archive = root + reverse("insights-console:reports")
    emailed = 0
    for person in User.objects.filter(role=Role.EXECUTIVE, is_active=True).exclude(email=""):
        with translation.override("id"):
            enqueue_email(
                key=f"insights.monthly:{last.start.isoformat()}:{person.pk}",
                to=person.email,
                subject=_("Laporan kinerja layanan %(month)s") % {"month": last.label},
                body=_(
                    "Laporan kinerja layanan kota untuk %(month)s sudah tersedia:\n%(link)s\n\n"
                    "Laporan tiap perangkat daerah ada di arsip: %(archive)s"
                )
                % {"month": last.label, "link": link, "archive": archive},
            )
        emailed += 1
    return {"made": len(made), "emailed": emailed}
