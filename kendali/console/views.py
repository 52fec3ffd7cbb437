"""The operator console: the live queue, a report's detail with its actions, and the map.

Agency staff get the same console limited to their agency's reports.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from kendali.agencies.models import Agency
from kendali.console.forms import QueueFilterForm
from kendali.lib.cursor import BadCursor
from kendali.lib.errors import ActionError, Invalid, NotFound
from kendali.lib.geo import distance_m
from kendali.reports import actions
from kendali.reports.access import access_report, can_act, visible_reports
from kendali.reports.choices import Priority, ReportStatus
from kendali.reports.filters import ReportFilter, page
from kendali.reports.models import Attachment, Report
from kendali.reports.schemas import may_see_reporter
from kendali.reports.uploads import clean_photos

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Signed in, active and holding a staff role; anyone else goes to the login page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (user.reads_everything or user.is_agency_staff):  # type: ignore[union-attr]
            return render(request, "console/no_role.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _login_rate(group: str, request: HttpRequest) -> str | None:
    return settings.LOGIN_RATE or None


@method_decorator(ratelimit(key="ip", rate=_login_rate, method="POST", block=True), name="post")
class LoginView(auth_views.LoginView):
    template_name = "console/login.html"
    redirect_authenticated_user = True


@require_GET
@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = QueueFilterForm(request.GET or None, show_agency=not user.is_agency_staff)  # type: ignore[union-attr]
    form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    chosen = ReportFilter(
        statuses=form.statuses() if form.is_bound else ReportStatus.open_values(),
        category=data.get("category", ""),
        agency=data.get("agency", ""),
        area=data.get("area", ""),
        priority=data.get("priority", ""),
        text=data.get("q", ""),
    )
    visible = visible_reports(user)
    reports = chosen.apply(visible).select_related("category", "area", "agency", "suggested_agency")
    try:
        rows, next_cursor = page(reports, cursor=request.GET.get("cursor"), limit=50)
    except BadCursor:
        rows, next_cursor = page(reports, cursor=None, limit=50)
    by_status = dict(
        visible.filter(status__in=ReportStatus.open_values())
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    context = {
        "form": form,
        "reports": rows,
        "next_cursor": next_cursor,
        "status_counts": [
            (status, ReportStatus(status).label, by_status.get(status, 0))
            for status in ReportStatus.open_values()
        ],
        "query": _without_cursor(request),
    }
    template = (
        "console/_queue_table.html" if request.headers.get("HX-Request") else "console/queue.html"
    )
    return render(request, template, context)


def _without_cursor(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("cursor", None)
    return params.urlencode()


ACTION_LABELS = {
    "verify": gettext_lazy("Verifikasi"),
    "dispose": gettext_lazy("Disposisikan"),
    "hold": gettext_lazy("Tunda, minta informasi"),
    "resume": gettext_lazy("Lanjutkan"),
    "reject": gettext_lazy("Tolak"),
    "duplicate": gettext_lazy("Tandai duplikat"),
    "start": gettext_lazy("Mulai kerjakan"),
    "resolve": gettext_lazy("Selesaikan"),
    "return": gettext_lazy("Kembalikan ke command center"),
    "close": gettext_lazy("Tutup"),
    "reopen": gettext_lazy("Buka kembali"),
    "priority": gettext_lazy("Ubah prioritas"),
    "update": gettext_lazy("Tambah tindak lanjut"),
    "publish_description": gettext_lazy("Uraian di data terbuka"),
}


def _nearby(report: Report) -> list[tuple[Report, int]]:
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


def _detail_context(request: HttpRequest, report: Report) -> dict[str, Any]:
    user = request.user
    report = (
        Report.objects.filter(pk=report.pk)
        .select_related(
            "category", "area", "area__parent", "agency", "suggested_agency", "duplicate_of"
        )
        .get()
    )
    allowed = [a for a in actions.allowed_actions(report) if can_act(user, a, report)]  # type: ignore[arg-type]
    if can_act(user, "publish_description", report):  # type: ignore[arg-type]
        allowed.append("publish_description")
    updates = list(report.updates.select_related("author", "agency"))
    photos: dict[int | None, list[Attachment]] = {}
    for attachment in report.attachments.all():
        photos.setdefault(attachment.update_id, []).append(attachment)
    timeline = [(update, photos.get(update.pk, [])) for update in updates]
    return {
        "report": report,
        "allowed": allowed,
        "action_labels": ACTION_LABELS,
        "timeline": timeline,
        "photos": [a for group in photos.values() for a in group],
        "show_reporter": may_see_reporter(user, report),
        "agencies": Agency.objects.filter(is_active=True),
        "priorities": Priority.choices,
        "nearby": _nearby(report) if "duplicate" in allowed else [],
        "duplicates": list(report.duplicates.only("ticket", "created_at")),
        "transitions": report.transitions.select_related("actor", "agency"),
    }


@require_GET
@staff_required
def report_detail(request: HttpRequest, ticket: str) -> HttpResponse:
    report = _access(request, ticket)
    return render(request, "console/report_detail.html", _detail_context(request, report))


def _access(request: HttpRequest, ticket: str) -> Report:
    try:
        return access_report(request.user, ticket)
    except NotFound as exc:
        raise Http404(exc.message) from None


def _run_action(request: HttpRequest, report: Report, action: str) -> None:
    user: Any = request.user
    post = request.POST
    if action == "verify":
        actions.verify_report(report, user, note=post.get("note", ""))
    elif action == "hold":
        actions.hold_report(report, user, reason=post.get("reason", ""))
    elif action == "resume":
        actions.resume_report(report, user, note=post.get("note", ""))
    elif action == "reject":
        actions.reject_report(report, user, reason=post.get("reason", ""))
    elif action == "duplicate":
        actions.mark_duplicate(report, user, primary_ticket=post.get("primary", ""))
    elif action == "dispose":
        agency = Agency.objects.filter(code=post.get("agency", "")).first()
        if agency is None:
            message = _("Pilih perangkat daerah tujuan.")
            raise Invalid(message, {"agency": message})
        actions.dispose_report(report, user, agency=agency, note=post.get("note", ""))
    elif action == "start":
        actions.start_work(report, user, note=post.get("note", ""))
    elif action == "resolve":
        photos = clean_photos(request.FILES.getlist("photos"))
        actions.resolve_report(report, user, note=post.get("note", ""), photos=photos)
    elif action == "return":
        actions.return_report(report, user, reason=post.get("reason", ""))
    elif action == "close":
        actions.close_report(report, user, note=post.get("note", ""))
    elif action == "reopen":
        actions.reopen_report(report, user, reason=post.get("reason", ""))
    elif action == "priority":
        actions.change_priority(
            report, user, priority=post.get("priority", ""), reason=post.get("reason", "")
        )
    elif action == "publish_description":
        actions.set_description_public(report, user, public=post.get("public") == "on")
    elif action == "update":
        photos = clean_photos(request.FILES.getlist("photos"))
        actions.add_update(
            report,
            user,
            body=post.get("body", ""),
            is_public=post.get("public") == "on",
            photos=photos,
        )
    else:
        raise Http404(_("Tindakan tidak dikenal."))


@require_POST
@staff_required
def report_action(request: HttpRequest, ticket: str, action: str) -> HttpResponse:
    report = _access(request, ticket)
    try:
        _run_action(request, report, action)
    except ActionError as exc:
        context = _detail_context(request, report)
        context |= {"failed_action": action, "action_error": exc, "posted": request.POST}
        return render(request, "console/report_detail.html", context, status=exc.status_code)
    messages.success(
        request,
        _("%(action)s: laporan %(ticket)s tersimpan.")
        % {"action": ACTION_LABELS.get(action, action), "ticket": report.ticket},
    )
    return redirect("console:report", ticket=report.ticket)


@require_GET
@staff_required
def report_map(request: HttpRequest) -> HttpResponse:
    legend = [(s, ReportStatus(s).label, ReportStatus.color(s)) for s in ReportStatus.open_values()]
    return render(request, "console/map.html", {"legend": legend})


@require_GET
@staff_required
def photo(request: HttpRequest, key: str) -> HttpResponse:
    attachment = Attachment.objects.select_related("report").filter(access_key=key).first()
    if attachment is None:
        raise Http404(_("Foto tidak ditemukan."))
    _access(request, attachment.report.ticket)
    with attachment.file.open("rb") as handle:  # re-encoded photos are small: one read
        response = HttpResponse(handle.read(), content_type=attachment.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
