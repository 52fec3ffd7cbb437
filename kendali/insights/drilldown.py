"""From a number to the queue: the reports behind a KPI figure, exactly as it counted them.

A figure links to ``/console/?set=kpi&kpi=<code>&dari=<start>&sampai=<end>[&opd=<agency>]``.
The reports app asks this module which reports those are: the reports in the KPI's scope and
period whose fact the measure counts (all filed reports, those overdue, those resolved...).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kendali.agencies.models import Agency
from kendali.cities.models import Area
from kendali.insights.access import may_view_agency, sees_all_agencies
from kendali.insights.facts import day_bounds, facts_for
from kendali.insights.kpis import Scope, Span, area_and_children
from kendali.insights.measures import MEASURES
from kendali.insights.models import Kpi
from kendali.reports.filters import ReportSet, register_report_set
from kendali.reports.models import Report


def link(
    kpi: Kpi, span: Span | None, agency: Agency | None = None, area: Area | None = None
) -> str:
    params: dict[str, str] = {"set": "kpi", "kpi": kpi.code}
    if span is not None and not MEASURES[kpi.measure].as_of_now:
        params["dari"], params["sampai"] = span.start.isoformat(), span.end.isoformat()
    if agency is not None:
        params["opd"] = agency.code
    if area is not None:
        params["wilayah"] = area.code
    return f"{reverse('reports-console:queue')}?{urlencode(params)}"


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def select(params: Mapping[str, str], user: Any) -> tuple[str, Q] | None:
    kpi = Kpi.objects.filter(code=params.get("kpi", "")).first()
    if kpi is None:
        return None
    spec = MEASURES[kpi.measure]
    scope = Scope.of(kpi)
    agency = None
    if params.get("opd"):
        agency = Agency.objects.filter(code=params["opd"]).first()
        if agency is None or not may_view_agency(user, agency.pk):
            return None
        scope = scope.narrowed(agency_id=agency.pk)
    elif not sees_all_agencies(user) and getattr(user, "agency_id", None):
        scope = scope.narrowed(agency_id=user.agency_id)
    if params.get("wilayah"):
        area = Area.objects.filter(code=params["wilayah"]).first()
        if area is None:
            return None
        scope = scope.narrowed(area_ids=area_and_children(area.pk))
    reports = Report.objects.filter(scope.q())
    label = str(kpi.name)
    if not spec.as_of_now:
        start, end = _date(params.get("dari", "")), _date(params.get("sampai", ""))
        if start is None or end is None or end < start:
            return None
        reports = reports.filter(
            created_at__gte=day_bounds(start)[0], created_at__lt=day_bounds(end)[1]
        )
        label = _("%(kpi)s, laporan masuk %(start)s sampai %(end)s") % {
            "kpi": kpi.name,
            "start": start.isoformat(),
            "end": end.isoformat(),
        }
    if agency is not None:
        label = f"{label} · {agency.short_name}"
    if spec.base == "created":
        return label, Q(pk__in=reports.values("pk"))
    now = timezone.now()
    ids = [
        f.report_id for f in facts_for(list(reports.order_by("id")), now) if getattr(f, spec.base)
    ]
    return label, Q(pk__in=ids)


register_report_set(ReportSet("kpi", select))
