"""Who may see which reports and do what to them. The most important rule of the product:
agency staff see only their own agency's reports.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kendali.agencies.models import User
from kendali.lib.errors import NotAllowed, NotFound, TooManyRequests
from kendali.lib.ratelimits import MissLimit
from kendali.lib.tickets import normalize_ticket
from kendali.reports.models import Report

# Actions of the command center's shared queue.
CENTER_ACTIONS = frozenset(
    {
        "verify",
        "reject",
        "duplicate",
        "dispose",
        "priority",
        "close",
        "reopen",
        "publish_description",
    }
)
# Actions of the agency a report is assigned to (supervisors may step in).
AGENCY_ACTIONS = frozenset({"start", "resolve", "return"})
# Actions both sides take on a report they can work on.
SHARED_ACTIONS = frozenset({"hold", "resume", "update"})
ALL_ACTIONS = CENTER_ACTIONS | AGENCY_ACTIONS | SHARED_ACTIONS


def visible_reports(user: Any) -> QuerySet[Report]:
    """Every report this person may see in the console and the staff API."""
    reports = Report.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return reports.none()
    if user.reads_everything:
        return reports
    if user.is_agency_staff:
        return reports.filter(agency_id=user.agency_id)
    return reports.none()


def access_report(user: Any, ticket: str) -> Report:
    """The report with this ticket if this person may see it; otherwise NotFound (404).

    A report of another agency answers exactly like a ticket that does not exist.
    """
    code = normalize_ticket(ticket)
    report = None
    if code:
        report = (
            visible_reports(user)
            .select_related("category", "area", "agency", "suggested_agency", "duplicate_of")
            .filter(ticket=code)
            .first()
        )
    if report is None:
        raise NotFound(_("Laporan tidak ditemukan."))
    return report


def can_act(user: User, action: str, report: Report) -> bool:
    if not user.is_active:
        return False
    own_agency = user.is_agency_staff and report.agency_id == user.agency_id
    if action in CENTER_ACTIONS:
        return user.is_center_staff
    if action in AGENCY_ACTIONS:
        return own_agency or user.is_supervisor
    if action in SHARED_ACTIONS:
        return user.is_center_staff or own_agency
    return False


def ensure_can(user: User, action: str, report: Report) -> None:
    if not can_act(user, action, report):
        raise NotAllowed(_("Peran Anda tidak boleh melakukan tindakan ini pada laporan ini."))


def public_reports() -> QuerySet[Report]:
    """Reports listed on the public website: verified onwards, never confidential."""
    from kendali.reports.choices import ReportStatus

    return Report.objects.filter(is_confidential=False, status__in=ReportStatus.public_values())


def public_report_by_ticket(ticket: str) -> Report:
    """Any report by its ticket for tracking (the ticket is the reporter's key); 404 otherwise."""
    code = normalize_ticket(ticket)
    report = (
        Report.objects.select_related("category", "area", "agency", "duplicate_of")
        .filter(ticket=code)
        .first()
        if code
        else None
    )
    if report is None:
        raise NotFound(_("Tiket tidak ditemukan. Periksa kembali kodenya."))
    return report


# Wrong ticket codes per client address (KENDALI_TRACK_RATE), shared by every public door that
# looks a ticket up: the portal, the API and Open311.
TICKET_MISSES = MissLimit("tickets.misses", "TRACK_RATE")


def too_many_wrong_tickets() -> TooManyRequests:
    return TooManyRequests(
        _("Terlalu banyak kode tiket yang salah dari alamat ini. Tunggu sebentar, lalu coba lagi.")
    )


def track_report(request: HttpRequest, ticket: str) -> Report:
    """``public_report_by_ticket`` for the public: refused (429) once this address has tried too
    many wrong codes; a wrong code counts, a right one costs nothing."""
    if TICKET_MISSES.exhausted(request):
        raise too_many_wrong_tickets()
    try:
        return public_report_by_ticket(ticket)
    except NotFound:
        TICKET_MISSES.count(request)
        raise
