"""Read models over reports: counts for the public home page, likely duplicates for operators."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from kendali.lib.geo import distance_m
from kendali.reports.choices import ReportStatus
from kendali.reports.models import Report

S = ReportStatus


def public_counts() -> dict[str, Any]:
    """Counts for the home page, cached briefly: the page must stay light under load."""
    key = "portal:counts"
    counts: dict[str, Any] | None = cache.get(key)
    if counts is None:
        now = timezone.now()
        month_start = now.astimezone(timezone.get_current_timezone()).replace(
            day=1, hour=0, minute=0, second=0, microsecond=0
        )
        totals = Report.objects.filter(is_confidential=False).aggregate(
            this_month=Count("id", filter=Q(created_at__gte=month_start)),
            in_progress=Count(
                "id", filter=Q(status__in=[S.VERIFIED, S.DISPOSITIONED, S.IN_PROGRESS])
            ),
            resolved_month=Count(
                "id",
                filter=Q(status__in=[S.RESOLVED, S.CLOSED], resolved_at__gte=month_start),
            ),
        )
        resolved_recently = Report.objects.filter(
            resolved_at__gte=now - timedelta(days=90), resolved_at__isnull=False
        ).annotate(
            took=ExpressionWrapper(F("resolved_at") - F("created_at"), output_field=DurationField())
        )
        average = resolved_recently.aggregate(avg=Avg("took"))["avg"]
        days = average.total_seconds() / 86400 if average else None
        counts = totals | {
            "average_days": round(days, 1) if days is not None else None,
            "average_whole": round(days) if days is not None else 0,
        }
        cache.set(key, counts, 15)
    return counts


def likely_duplicates(report: Report) -> list[tuple[Report, int]]:
    """Open reports of the same category within 300 m in the last 30 days: likely duplicates."""
    if not report.has_location:
        return []
    assert report.latitude is not None and report.longitude is not None
    delta = 0.003  # about 330 m: a cheap box before the exact distance
    candidates = (
        Report.objects.filter(
            category_id=report.category_id,
            status__in=[*ReportStatus.open_values(), ReportStatus.RESOLVED],
            created_at__gte=timezone.now() - timedelta(days=30),
            latitude__range=(report.latitude - delta, report.latitude + delta),
            longitude__range=(report.longitude - delta, report.longitude + delta),
        )
        .exclude(pk=report.pk)
        .order_by("-created_at")[:20]
    )
    found = []
    for other in candidates:
        assert other.latitude is not None and other.longitude is not None
        metres = distance_m(report.latitude, report.longitude, other.latitude, other.longitude)
        if metres <= 300:
            found.append((other, round(metres)))
    return found[:5]
