"""Reports API: public intake, tracking and lists; the staff queue and one endpoint per action."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from kendali.lib.api import (
    ERRORS,
    EXTRA_SCHEMAS,
    STAFF_AUTH,
    intake_key,
    intake_rate,
    staff_user,
    validate,
)
from kendali.lib.body import read_body
from kendali.lib.cursor import BadCursor
from kendali.lib.errors import Invalid, NotFound
from kendali.lib.ratelimits import rate_limited
from kendali.reports import actions, hooks
from kendali.reports.access import (
    access_report,
    can_act,
    public_reports,
    track_report,
    visible_reports,
)
from kendali.reports.choices import Channel, Priority, ReportStatus
from kendali.reports.filters import ReportFilter, page
from kendali.reports.links import tracking_url
from kendali.reports.models import Attachment, Category, Report, Update
from kendali.reports.schemas import (
    DisposeIn,
    DuplicateIn,
    NoteIn,
    PriorityIn,
    PublicReportOut,
    PublicReportPage,
    ReasonIn,
    ReportCreated,
    ReportIn,
    ResolveIn,
    StaffReportOut,
    StaffReportPage,
    UpdateIn,
    public_item,
    public_report,
    staff_item,
    staff_report,
)
from kendali.reports.uploads import clean_photos

router = Router(tags=["reports"])
# Bodies read by hand (JSON or multipart) still appear in the OpenAPI document.
EXTRA_SCHEMAS.extend([ReportIn, ResolveIn, UpdateIn])

# Dates a filter may name: wide enough for any real question, narrow enough for every database.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class CategoryOut(Schema):
    code: str
    name: str
    name_id: str
    name_en: str
    description: str
    default_priority: Priority
    agency: str | None = Field(description="Short name of the agency that usually handles it")


@router.get("/categories", response=list[CategoryOut], summary="Report categories")
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    categories = Category.objects.filter(is_active=True).select_related("default_agency")
    return [
        {
            "code": category.code,
            "name": category.name,
            "name_id": category.name_ind,
            "name_en": category.name_en,
            "description": category.description,
            "default_priority": category.default_priority,
            "agency": category.default_agency.short_name if category.default_agency else None,
        }
        for category in categories
    ]


REPORT_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ReportIn"}},
            "multipart/form-data": {
                "schema": {
                    "allOf": [
                        {"$ref": "#/components/schemas/ReportIn"},
                        {
                            "type": "object",
                            "properties": {
                                "photos": {
                                    "type": "array",
                                    "maxItems": 3,
                                    "items": {"type": "string", "format": "binary"},
                                }
                            },
                        },
                    ]
                }
            },
        },
    }
}


@router.post(
    "/reports",
    response={201: ReportCreated, **ERRORS},
    summary="File a report",
    description=(
        "JSON, or multipart/form-data with up to 3 `photos` (JPEG, PNG or WebP). Required: "
        "`category`, `description`, and a location: `latitude`+`longitude`, or `address` with "
        "`area`. Answers 201 with the ticket the reporter uses to follow the report."
    ),
    openapi_extra=REPORT_BODY_DOC,
)
@rate_limited(key=intake_key, rate=intake_rate, method="POST", block=True)
def create_report(request: HttpRequest) -> Status[dict[str, Any]]:
    payload, files = read_body(request)
    data = validate(ReportIn, payload)
    photos = clean_photos(files)
    report = actions.create_report(
        actions.NewReport(**data.model_dump()),
        channel=Channel.API,
        photos=photos,
        source="api",
    )
    return Status(
        201,
        {"ticket": report.ticket, "status": report.status, "url": tracking_url(request, report)},
    )


class PublicListQuery(Schema):
    category: str = ""
    status: str = Field(default="", description="A status, or `open` / `closed`")
    area: str = ""
    since: date | None = Field(default=None, ge=EARLIEST, le=LATEST)
    until: date | None = Field(default=None, ge=EARLIEST, le=LATEST)
    q: str = Field(default="", max_length=100)
    cursor: str | None = None
    limit: int = Field(default=50, ge=1, le=200)


def _statuses(raw: str, allowed: list[str]) -> list[str]:
    if not raw or raw == "all":
        return []
    if raw == "open":
        return [s for s in allowed if s in ReportStatus.open_values()]
    if raw == "closed":
        return [s for s in allowed if s not in ReportStatus.open_values()]
    chosen = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [s for s in chosen if s not in allowed]
    if unknown:
        message = _("Status tidak dikenal: %(status)s") % {"status": ", ".join(unknown)}
        raise Invalid(message, {"status": message})
    return chosen


def _page(reports: Any, cursor: str | None, limit: int) -> tuple[list[Report], str | None]:
    try:
        return page(reports, cursor=cursor, limit=limit)
    except BadCursor:
        message = _("Kursor halaman tidak valid.")
        raise Invalid(message, {"cursor": message}) from None


@router.get("/reports", response={200: PublicReportPage, 400: dict}, summary="Public reports")
def list_public_reports(request: HttpRequest, filters: Query[PublicListQuery]) -> dict[str, Any]:
    """Verified, non-confidential reports, newest first, with cursor paging. No personal data."""
    chosen = ReportFilter(
        statuses=_statuses(filters.status, ReportStatus.public_values()),
        category=filters.category,
        area=filters.area,
        text=filters.q,
        since=filters.since,
        until=filters.until,
    )
    reports = chosen.apply(public_reports()).select_related("category", "area", "agency")
    rows, next_cursor = _page(reports, filters.cursor, filters.limit)
    return {"items": [public_item(request, r) for r in rows], "next_cursor": next_cursor}


def _with_timeline(reports: Any) -> Any:
    return reports.prefetch_related(
        Prefetch("updates", queryset=Update.objects.select_related("agency")),
        "attachments",
        *hooks.prefetches(hooks.PUBLIC_FIELDS),
    )


@router.get(
    "/reports/{ticket}",
    response={200: PublicReportOut, 404: dict, 429: dict},
    summary="Track a report by ticket",
    description=(
        "Unverified and rejected reports show their status and timeline only. Too many wrong "
        "tickets from one address answer 429 for a while."
    ),
)
def get_public_report(request: HttpRequest, ticket: str) -> dict[str, Any]:
    report = track_report(request, ticket)
    report = (
        _with_timeline(Report.objects.filter(pk=report.pk))
        .select_related("category", "area", "agency", "duplicate_of")
        .get()
    )
    return public_report(request, report)


# ---------------------------------------------------------------------------------------------
# Staff


class StaffListQuery(Schema):
    status: str = Field(default="", description="Comma-separated statuses, or `open`/`closed`")
    category: str = ""
    agency: str = Field(default="", description="Agency code, or `none` for unassigned")
    area: str = ""
    priority: str = ""
    q: str = Field(default="", max_length=100)
    since: date | None = Field(default=None, ge=EARLIEST, le=LATEST)
    until: date | None = Field(default=None, ge=EARLIEST, le=LATEST)
    cursor: str | None = None
    limit: int = Field(default=50, ge=1, le=200)


@router.get(
    "/staff/reports",
    response={200: StaffReportPage, **ERRORS},
    auth=STAFF_AUTH,
    summary="The staff queue",
    tags=["staff"],
)
def list_staff_reports(request: HttpRequest, filters: Query[StaffListQuery]) -> dict[str, Any]:
    """Reports the user may see: all for the command center, one agency's for its staff."""
    chosen = ReportFilter(
        statuses=_statuses(filters.status, list(ReportStatus.values)),
        category=filters.category,
        agency=filters.agency,
        area=filters.area,
        priority=filters.priority,
        text=filters.q,
        since=filters.since,
        until=filters.until,
    )
    reports = chosen.apply(visible_reports(staff_user(request))).select_related(
        "category", "area", "agency", "suggested_agency"
    )
    rows, next_cursor = _page(reports, filters.cursor, filters.limit)
    return {"items": [staff_item(r) for r in rows], "next_cursor": next_cursor}


def staff_view(request: HttpRequest, report: Report) -> dict[str, Any]:
    report = _with_timeline(
        Report.objects.filter(pk=report.pk).select_related(
            "category", "area", "agency", "suggested_agency", "duplicate_of"
        )
    ).get()
    user = staff_user(request)
    allowed = [a for a in actions.allowed_actions(report) if can_act(user, a, report)]
    answer = staff_report(request, report, user, allowed)
    if answer["reporter"] is not None:
        actions.record_reporter_viewed(report, user, source="api")
    return answer


@router.get(
    "/staff/reports/{ticket}",
    response={200: StaffReportOut, **ERRORS},
    auth=STAFF_AUTH,
    summary="One report with its full timeline",
    tags=["staff"],
)
def get_staff_report(request: HttpRequest, ticket: str) -> dict[str, Any]:
    return staff_view(request, access_report(staff_user(request), ticket))


# Actions with a JSON body: path → (body schema, summary). They all run through
# `actions.perform`, the same entry point the console's forms use.
JSON_ACTIONS: dict[str, tuple[type[Schema], str]] = {
    "verify": (NoteIn, "Verify a new report"),
    "hold": (ReasonIn, "Put on hold, asking the reporter for information"),
    "resume": (NoteIn, "Resume a report on hold"),
    "reject": (ReasonIn, "Reject with a reason shown to the reporter"),
    "duplicate": (DuplicateIn, "Mark as a duplicate of another report"),
    "dispose": (DisposeIn, "Dispose to an agency"),
    "start": (NoteIn, "Start work (agency)"),
    "return": (ReasonIn, "Hand back to the command center (agency)"),
    "close": (NoteIn, "Close a resolved report"),
    "reopen": (ReasonIn, "Reopen a resolved or closed report"),
    "priority": (PriorityIn, "Change priority"),
}


def _register_json_action(path: str, schema: type[Schema], summary: str) -> None:
    def endpoint(request: HttpRequest, ticket: str, body: Any) -> dict[str, Any]:
        user = staff_user(request)
        report = access_report(user, ticket)
        actions.perform(path, report, user, body.model_dump(), source="api")
        return staff_view(request, report)

    # ninja reads the body's schema from the annotation, so give each endpoint its own.
    endpoint.__annotations__ = {
        "request": HttpRequest,
        "ticket": str,
        "body": schema,
        "return": dict[str, Any],
    }
    endpoint.__name__ = f"{path}_report"
    router.post(
        f"/reports/{{ticket}}/{path}",
        response={200: StaffReportOut, **ERRORS},
        auth=STAFF_AUTH,
        summary=summary,
        tags=["staff"],
    )(endpoint)


for _path, (_schema, _summary) in JSON_ACTIONS.items():
    _register_json_action(_path, _schema, _summary)


def _doc(schema: str) -> dict[str, Any]:
    content = {
        kind: {"schema": {"$ref": f"#/components/schemas/{schema}"}}
        for kind in ("application/json", "multipart/form-data")
    }
    return {"requestBody": {"required": True, "content": content}}


@router.post(
    "/reports/{ticket}/resolve",
    response={200: StaffReportOut, **ERRORS},
    auth=STAFF_AUTH,
    summary="Resolve with a note and optional photos (agency)",
    tags=["staff"],
    openapi_extra=_doc("ResolveIn"),
)
def resolve(request: HttpRequest, ticket: str) -> dict[str, Any]:
    user = staff_user(request)
    report = access_report(user, ticket)
    payload, files = read_body(request)
    data = validate(ResolveIn, payload)
    actions.perform("resolve", report, user, data.model_dump(), clean_photos(files), source="api")
    return staff_view(request, report)


@router.post(
    "/reports/{ticket}/updates",
    response={200: StaffReportOut, **ERRORS},
    auth=STAFF_AUTH,
    summary="Add a public or internal update, with optional photos",
    tags=["staff"],
    openapi_extra=_doc("UpdateIn"),
)
def add_update(request: HttpRequest, ticket: str) -> dict[str, Any]:
    user = staff_user(request)
    report = access_report(user, ticket)
    payload, files = read_body(request)
    data = validate(UpdateIn, payload)
    actions.perform("update", report, user, data.model_dump(), clean_photos(files), source="api")
    return staff_view(request, report)


# ---------------------------------------------------------------------------------------------
# Maps (GeoJSON)


class MapQuery(Schema):
    category: str = ""
    status: str = Field(default="", description="A status, or `open` / `closed`")
    area: str = ""
    since: date | None = Field(default=None, ge=EARLIEST, le=LATEST)
    limit: int = Field(default=1000, ge=1, le=5000)


def _features(request: HttpRequest, reports: Any, *, staff: bool) -> dict[str, Any]:
    features = []
    for report in reports:
        properties = {
            "ticket": report.ticket,
            "status": report.status,
            "status_label": str(report.get_status_display()),
            "color": report.status_color,
            "category": report.category.name,
            "created_at": report.created_at.isoformat(),
        }
        if staff:
            properties["priority"] = report.priority
            properties["agency"] = report.agency.short_name if report.agency else None
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [report.longitude, report.latitude]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


@router.get("/map/reports", response={200: dict, 400: dict}, summary="Public reports as GeoJSON")
def public_map(request: HttpRequest, filters: Query[MapQuery]) -> dict[str, Any]:
    chosen = ReportFilter(
        statuses=_statuses(filters.status, ReportStatus.public_values()),
        category=filters.category,
        area=filters.area,
        since=filters.since,
    )
    reports = (
        chosen.apply(public_reports())
        .filter(latitude__isnull=False)
        .select_related("category")
        .order_by("-created_at")[: filters.limit]
    )
    return _features(request, reports, staff=False)


@router.get(
    "/staff/map/reports",
    response={200: dict, **ERRORS},
    auth=STAFF_AUTH,
    summary="Reports the user may see, as GeoJSON (open ones by default)",
    tags=["staff"],
)
def staff_map(request: HttpRequest, filters: Query[MapQuery]) -> dict[str, Any]:
    chosen = ReportFilter(
        statuses=_statuses(filters.status or "open", list(ReportStatus.values)),
        category=filters.category,
        area=filters.area,
        since=filters.since,
    )
    reports = (
        chosen.apply(visible_reports(staff_user(request)))
        .filter(latitude__isnull=False)
        .select_related("category", "agency")
        .order_by("-created_at")[: filters.limit]
    )
    return _features(request, reports, staff=True)


@router.get(
    "/staff/photos/{key}",
    auth=STAFF_AUTH,
    response={200: None, **ERRORS},
    summary="A photo of a report the user may see (JPEG)",
    tags=["staff"],
    openapi_extra={
        "responses": {"200": {"description": "The photo", "content": {"image/jpeg": {}}}}
    },
)
def staff_photo_file(request: HttpRequest, key: str) -> HttpResponse:
    attachment = Attachment.objects.select_related("report").filter(access_key=key).first()
    if attachment is None:
        raise NotFound(_("Foto tidak ditemukan."))
    access_report(staff_user(request), attachment.report.ticket)
    with attachment.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=attachment.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
