"""Reports on the public website: the report form, tracking, the public list and map,
categories, and public photos."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kendali.lib.errors import ActionError, Busy, Invalid, NotFound, TooManyRequests
from kendali.lib.ratelimits import rate_limited
from kendali.lib.tickets import normalize_ticket
from kendali.reports import actions
from kendali.reports.access import public_reports, track_report
from kendali.reports.choices import Channel, ReportStatus
from kendali.reports.filters import ReportFilter, page
from kendali.reports.forms import ReportForm, TrackForm
from kendali.reports.models import Attachment, Category, Report
from kendali.reports.panels import shown
from kendali.reports.schemas import public_report
from kendali.reports.uploads import clean_photos

S = ReportStatus


def _report_rate(group: str, request: HttpRequest) -> str | None:
    return settings.REPORT_RATE or None


@require_http_methods(["GET", "POST"])
@rate_limited(key="ip", rate=_report_rate, method="POST", block=True)
def report_form(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                photos = clean_photos(request.FILES.getlist("photos"))
                report = actions.create_report(
                    actions.NewReport(
                        category=data["category"],
                        description=data["description"],
                        latitude=data.get("latitude"),
                        longitude=data.get("longitude"),
                        address=data.get("address", ""),
                        area=data.get("area") or None,
                        reporter_name=data.get("reporter_name", ""),
                        reporter_contact=data.get("reporter_contact", ""),
                        anonymous=data.get("anonymous", False),
                        confidential=data.get("confidential", False),
                        address_or_area=True,
                    ),
                    channel=Channel.WEB,
                    photos=photos,
                )
            except (Invalid, Busy) as exc:
                _add_errors(form, exc)
                status = exc.status_code
            else:
                return redirect("reports-portal:thanks", ticket=report.ticket)
        # A browser never sends chosen files again: say so rather than lose them silently.
        photos_dropped = bool(request.FILES.getlist("photos"))
    else:
        form = ReportForm(initial={"category": request.GET.get("kategori", "")})
        status, photos_dropped = 200, False
    return render(
        request,
        "reports/portal/form.html",
        {"form": form, "photos_dropped": photos_dropped},
        status=status,
    )


def _add_errors(form: ReportForm, exc: ActionError) -> None:
    if not exc.errors:
        form.add_error(None, exc.message)
    for field, message in exc.errors.items():
        if field == "location":
            form.add_error("address", message)
        elif field in form.fields:
            form.add_error(field, message)
        else:
            form.add_error(None, message)


@require_GET
def report_thanks(request: HttpRequest, ticket: str) -> HttpResponse:
    try:
        report = _tracked(request, ticket)
    except TooManyRequests:
        return _too_many(request)
    return render(request, "reports/portal/thanks.html", {"report": report})


def _tracked(request: HttpRequest, ticket: str) -> Report:
    try:
        return track_report(request, ticket)
    except NotFound as exc:
        raise Http404(exc.message) from None


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "kendali/429.html", status=429)


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_valid():
        try:
            report = track_report(request, form.cleaned_data["ticket"])
        except TooManyRequests as exc:
            form.add_error("ticket", exc.message)
            return render(request, "reports/portal/track.html", {"form": form}, status=429)
        except NotFound as exc:
            form.add_error("ticket", exc.message)
            return render(request, "reports/portal/track.html", {"form": form}, status=404)
        return redirect("reports-portal:track-detail", ticket=report.ticket)
    return render(request, "reports/portal/track.html", {"form": form})


PROGRESS: list[str] = [S.SUBMITTED, S.VERIFIED, S.DISPOSITIONED, S.IN_PROGRESS, S.RESOLVED]


@require_GET
def track_detail(request: HttpRequest, ticket: str) -> HttpResponse:
    code = normalize_ticket(ticket)
    if code and code != ticket:
        return redirect("reports-portal:track-detail", ticket=code)
    try:
        report = _tracked(request, ticket)
    except TooManyRequests:
        return _too_many(request)
    report = (
        Report.objects.filter(pk=report.pk)
        .select_related("category", "area", "agency", "duplicate_of")
        .prefetch_related("updates__agency", "attachments", "clocks")
        .get()
    )
    view = public_report(request, report)
    reached = set(report.transitions.values_list("to_status", flat=True))
    # A stage passed over (resolved straight from disposition) still counts as passed.
    furthest = max((PROGRESS.index(s) for s in reached if s in PROGRESS), default=-1)
    steps = [
        {"status": status, "label": S(status).label, "done": index <= furthest}
        for index, status in enumerate(PROGRESS)
    ]
    return render(
        request,
        "reports/portal/track_detail.html",
        {
            "report": report,
            "view": view,
            "steps": steps,
            "panels": shown("track", request, report, request.user),
        },
    )


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    statuses: list[str] = []
    if status == "open":
        statuses = [S.VERIFIED, S.DISPOSITIONED, S.IN_PROGRESS]
    elif status == "closed":
        statuses = [S.RESOLVED, S.CLOSED]
    chosen = ReportFilter(
        statuses=statuses,
        category=request.GET.get("kategori", ""),
        area=request.GET.get("wilayah", ""),
        text=request.GET.get("q", "")[:100],
    )
    reports = chosen.apply(public_reports()).select_related("category", "area", "agency")
    try:
        rows, next_cursor = page(reports, cursor=request.GET.get("setelah"), limit=20)
    except ValueError:
        rows, next_cursor = page(reports, cursor=None, limit=20)
    from kendali.reports.forms import area_choices

    return render(
        request,
        "reports/portal/list.html",
        {
            "reports": rows,
            "next_cursor": next_cursor,
            "categories": Category.objects.filter(is_active=True),
            "area_choices": area_choices()[1:],
            "chosen": {
                "status": status,
                "kategori": chosen.category,
                "wilayah": chosen.area,
                "q": chosen.text,
            },
        },
    )


@require_GET
def report_map(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/portal/map.html",
        {"legend": [(s, S(s).label, S.color(s)) for s in S.public_values()]},
    )


@require_GET
def categories(request: HttpRequest) -> HttpResponse:
    rows = Category.objects.filter(is_active=True).select_related("default_agency")
    return render(request, "reports/portal/categories.html", {"categories": rows})


@require_GET
def photo(request: HttpRequest, key: str) -> HttpResponse:
    """A public photo: only photos marked public, of reports the public list shows."""
    attachment = (
        Attachment.objects.select_related("report")
        .filter(
            access_key=key,
            is_public=True,
            report__in=public_reports(),
        )
        .first()
    )
    if attachment is None:
        raise Http404(_("Foto tidak ditemukan."))
    with attachment.file.open("rb") as handle:  # re-encoded photos are small: one read
        response = HttpResponse(handle.read(), content_type=attachment.content_type)
    response["Cache-Control"] = "public, max-age=300"
    return response
