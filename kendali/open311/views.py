"""Open311 GeoReport v2 at /open311/v2/: discovery, services, requests, tokens, and mySociety's
servicerequestupdates. Every endpoint answers in XML and JSON (``.xml`` / ``.json``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from kendali.cities.models import City
from kendali.lib.errors import ActionError, Invalid, NotAllowed, NotFound
from kendali.lib.links import absolute
from kendali.lib.lockout import LockedOut, guarded_token
from kendali.lib.tickets import normalize_ticket
from kendali.open311 import actions
from kendali.open311.access import key_for, listed_requests, over_rate
from kendali.open311.choices import Datatype
from kendali.open311.formats import errors, respond
from kendali.open311.models import ApiKey, Submission
from kendali.reports.access import TICKET_MISSES, public_reports, too_many_wrong_tickets
from kendali.reports.choices import ReportStatus
from kendali.reports.models import Attachment, Category, Report, Update

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
MAX_WINDOW = timedelta(days=90)
MAX_ITEMS = 1000
CHANGESET = "2026-11-27T00:00:00+07:00"  # when this interface last changed

View = Callable[..., HttpResponse]


class Refused(Exception):
    def __init__(self, status: int, descriptions: list[str]) -> None:
        super().__init__(descriptions)
        self.status = status
        self.descriptions = descriptions


def _descriptions(exc: ActionError) -> list[str]:
    if not exc.errors:
        return [exc.message]
    return [f"{field}: {message}" for field, message in exc.errors.items()]


def open311(view: View) -> View:
    """Turn refusals into the spec's error document, in the format the path asked for."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, *args: Any, fmt: str | None = None, **kwargs: Any
    ) -> HttpResponse:
        # XML is the spec's required format, and the answer to a path that names none (Django
        # leaves an unmatched optional group out of the keyword arguments).
        fmt = fmt or "xml"
        try:
            jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
            if jurisdiction and not _our_jurisdiction(jurisdiction):
                raise Refused(404, [_("jurisdiction_id tidak dikenal: %s") % jurisdiction])
            return view(request, *args, fmt=fmt, **kwargs)
        except Refused as exc:
            return errors(fmt, exc.status, exc.descriptions)
        except ActionError as exc:
            status = 403 if isinstance(exc, NotAllowed) else exc.status_code
            status = status if status in {400, 403, 404, 429, 503} else 400
            return errors(fmt, status, _descriptions(exc))

    return wrapper


def _our_jurisdiction(value: str) -> bool:
    city = City.current()
    return city is not None and value.strip().lower() in {city.slug, _host_jurisdiction()}


def _host_jurisdiction() -> str:
    from django.conf import settings

    return (settings.PUBLIC_URL.split("//", 1)[-1] or "").lower()


def _method(request: HttpRequest, *allowed: str) -> None:
    if request.method not in allowed:
        raise Refused(
            400, [_("Metode %(method)s tidak diizinkan di sini.") % {"method": request.method}]
        )


# ---------------------------------------------------------------------------------------------
# Discovery and services


@open311
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    _method(request, "GET", "HEAD")
    city = City.current()
    base = absolute(request, reverse("open311:root"))
    row = {
        "changeset": CHANGESET,
        "contact": (city.email or city.phone or city.command_center_name) if city else "",
        "key_service": _("Kunci API diberikan oleh admin command center (%(email)s).")
        % {"email": city.email if city else "-"},
        "endpoints": [
            {
                "specification": SPEC_URL,
                "url": base.rstrip("/"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, [row], root="discovery", item=None, single=True)


def _service_row(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(getattr(category, "has_attributes", False)),
        "type": "realtime",
        "keywords": "",
        "group": category.default_agency.short_name if category.default_agency else "",
    }


@open311
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    _method(request, "GET", "HEAD")
    categories = list(
        Category.objects.filter(is_active=True)
        .select_related("default_agency")
        .prefetch_related("open311_attributes")
    )
    rows = []
    for category in categories:
        category.has_attributes = any(a.is_active for a in category.open311_attributes.all())  # type: ignore[attr-defined]
        rows.append(_service_row(category))
    return respond(fmt, rows, root="services", item="service")


@open311
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    _method(request, "GET", "HEAD")
    category = actions.active_service(code)
    attributes = category.open311_attributes.filter(is_active=True)
    row = {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.datatype_description,
                "order": attribute.order,
                "description": attribute.description,
                "values": [{"key": item["key"], "name": item["name"]} for item in attribute.values]
                if attribute.datatype in Datatype.lists()
                else [],
            }
            for attribute in attributes
        ],
    }
    return respond(fmt, [row], root="service_definition", item=None, single=True)


# ---------------------------------------------------------------------------------------------
# Requests


def _rows_queryset(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Everything a request row needs in three queries, whatever the number of rows."""
    notes = (
        Update.objects.filter(report=OuterRef("pk"), is_public=True)
        .exclude(body="")
        .order_by("-created_at", "-id")
        .values("body")[:1]
    )
    photos = Attachment.objects.filter(is_public=True).only("id", "report_id", "access_key")
    return (
        reports.select_related("category", "agency", "area", "open311")
        .defer("area__geometry", "reporter_name", "reporter_contact")
        .annotate(status_notes=Subquery(notes))
        .prefetch_related(Prefetch("attachments", queryset=photos, to_attr="public_photos"))
    )


def _media_url(request: HttpRequest, report: Report) -> str:
    photos = getattr(report, "public_photos", [])
    if photos and not report.is_confidential:
        return absolute(request, reverse("reports-portal:photo", args=[photos[0].access_key]))
    try:
        return report.open311.media_url
    except Submission.DoesNotExist:
        return ""


def request_row(request: HttpRequest, report: Report) -> dict[str, Any]:
    if not report.details_are_public:
        # Unverified or rejected: the status only, never what the reporter wrote.
        return _status_only_row(report)
    return {
        "service_request_id": report.ticket,
        "status": ReportStatus.open311_status(report.status),
        "status_notes": getattr(report, "status_notes", None) or "",
        "service_name": report.category.name,
        "service_code": report.category.code,
        # A rejected report was refused, perhaps as abuse: its reason is in status_notes.
        "description": "" if report.status == ReportStatus.REJECTED else report.description,
        "agency_responsible": report.agency.name if report.agency else "",
        "service_notice": "",
        "requested_datetime": report.created_at,
        "updated_datetime": report.updated_at,
        "expected_datetime": None,
        "address": report.address,
        "address_id": report.area.code if report.area else "",
        "zipcode": "",
        "lat": report.latitude,
        "long": report.longitude,
        "media_url": _media_url(request, report),
    }


def _status_only_row(report: Report) -> dict[str, Any]:
    return {
        "service_request_id": report.ticket,
        "status": ReportStatus.open311_status(report.status),
        "status_notes": getattr(report, "status_notes", None) or "",
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": "",
        "agency_responsible": report.agency.name if report.agency else "",
        "service_notice": "",
        "requested_datetime": report.created_at,
        "updated_datetime": report.updated_at,
        "expected_datetime": None,
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def _window(request: HttpRequest) -> tuple[datetime, datetime]:
    start = actions.parse_w3c(request.GET.get("start_date", ""), "start_date")
    end = actions.parse_w3c(request.GET.get("end_date", ""), "end_date")
    if start and end:
        if end < start:
            raise Invalid(_("end_date lebih awal dari start_date."))
        if end - start > MAX_WINDOW:
            raise Invalid(_("start_date dan end_date berjarak paling lama 90 hari."))
    elif start:
        end = start + MAX_WINDOW
    elif end:
        start = end - MAX_WINDOW
    else:
        end = timezone.now()
        start = end - MAX_WINDOW
    assert start is not None and end is not None
    return start, end


def _ensure_guesses_left(request: HttpRequest) -> None:
    if TICKET_MISSES.exhausted(request):
        raise too_many_wrong_tickets()


def _comma_list(raw: str) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def _statuses(raw: str) -> list[str]:
    wanted = set(_comma_list(raw.lower()))
    unknown = wanted - {"open", "closed"}
    if unknown:
        raise Invalid(_("status hanya open atau closed (boleh dipisah koma)."))
    if not wanted or wanted == {"open", "closed"}:
        return []
    return [s for s in ReportStatus.values if ReportStatus.open311_status(s) in wanted]


@csrf_exempt
@open311
def requests_(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    _method(request, "GET", "HEAD")
    ids = _comma_list(request.GET.get("service_request_id", ""))
    if ids:
        # service_request_id overrides every other filter; confidential reports stay hidden.
        # Each id that finds nothing counts against the address's wrong-ticket limit, so a
        # list of 1000 guesses costs as much as 1000 lookups.
        _ensure_guesses_left(request)
        wanted = ids[:MAX_ITEMS]
        tickets = [t for t in (normalize_ticket(i) for i in wanted) if t]
        reports = Report.objects.filter(ticket__in=tickets, is_confidential=False)
        found = set(reports.values_list("ticket", flat=True))
        TICKET_MISSES.count(request, len(wanted) - len(found))
    else:
        start, end = _window(request)
        reports = listed_requests().filter(created_at__gte=start, created_at__lte=end)
        codes = _comma_list(request.GET.get("service_code", ""))
        if codes:
            reports = reports.filter(category__code__in=codes)
        statuses = _statuses(request.GET.get("status", ""))
        if statuses:
            reports = reports.filter(status__in=statuses)
    rows = _rows_queryset(reports).order_by("-created_at", "-id")[:MAX_ITEMS]
    return respond(
        fmt, [request_row(request, r) for r in rows], root="service_requests", item="request"
    )


_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")


def _incoming(request: HttpRequest) -> actions.IncomingRequest:
    data = request.POST
    attributes: dict[str, list[str]] = {}
    for name in data:
        match = _ATTRIBUTE.match(name)
        if match:
            attributes.setdefault(match.group(1), []).extend(data.getlist(name))
    return actions.IncomingRequest(
        service_code=data.get("service_code", ""),
        description=data.get("description", ""),
        lat=data.get("lat", ""),
        long=data.get("long", ""),
        address_string=data.get("address_string", ""),
        address_id=data.get("address_id", ""),
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        media_url=data.get("media_url", ""),
        device_id=data.get("device_id", ""),
        account_id=data.get("account_id", ""),
        attributes=attributes,
    )


def _key(request: HttpRequest) -> ApiKey:
    raw = request.POST.get("api_key") or request.GET.get("api_key", "")
    if not raw:
        raise Refused(403, [_("api_key wajib untuk mengirim.")])
    try:
        key = guarded_token(request, lambda: key_for(raw))
    except LockedOut as exc:
        raise Refused(429, [exc.message]) from None
    if key is None:
        raise Refused(403, [_("api_key tidak valid atau sudah dicabut.")])
    if over_rate(request, key):
        raise Refused(429, [_("Batas permintaan kunci API ini terlampaui (%s).") % key.rate])
    return key


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.content_type not in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        raise Refused(400, [_("Kirim sebagai application/x-www-form-urlencoded.")])
    key = _key(request)
    submission = actions.submit_request(key, _incoming(request))
    row = {
        "service_request_id": submission.report.ticket,
        "token": submission.token,
        "service_notice": _("Laporan diterima dan akan diverifikasi oleh operator."),
        "account_id": submission.account_id,
    }
    return respond(fmt, [row], root="service_requests", item="request", status=201)


@open311
def request_detail(request: HttpRequest, ticket: str, fmt: str) -> HttpResponse:
    _method(request, "GET", "HEAD")
    _ensure_guesses_left(request)
    code = normalize_ticket(ticket)
    report = (
        _rows_queryset(Report.objects.filter(ticket=code, is_confidential=False)).first()
        if code
        else None
    )
    if report is None:
        TICKET_MISSES.count(request)
        raise NotFound(_("service_request_id tidak dikenal: %(id)s") % {"id": ticket})
    return respond(fmt, [request_row(request, report)], root="service_requests", item="request")


@open311
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    _method(request, "GET", "HEAD")
    _ensure_guesses_left(request)
    submission = (
        Submission.objects.select_related("report")
        .filter(token=token, report__is_confidential=False)
        .first()
    )
    if submission is None:
        TICKET_MISSES.count(request)
        raise NotFound(_("token tidak dikenal."))
    row = {"service_request_id": submission.report.ticket, "token": submission.token}
    return respond(fmt, [row], root="service_requests", item="request")


# ---------------------------------------------------------------------------------------------
# mySociety's servicerequestupdates


def update_row(request: HttpRequest, update: Update) -> dict[str, Any]:
    status = update.status or update.report.status
    photos = getattr(update, "public_photos", [])
    return {
        "update_id": str(update.pk),
        "service_request_id": update.report.ticket,
        "status": ReportStatus.open311_status(status).upper(),
        "updated_datetime": update.created_at,
        "description": update.body or (str(update.get_status_display()) if update.status else ""),
        "media_url": absolute(request, reverse("reports-portal:photo", args=[photos[0].access_key]))
        if photos
        else "",
    }


@csrf_exempt
@open311
def updates(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        key = _key(request)
        ticket = normalize_ticket(request.POST.get("service_request_id", "")) or ""
        update = actions.post_public_update(
            key,
            ticket,
            description=request.POST.get("description", ""),
            media_url=request.POST.get("media_url", ""),
        )
        return respond(
            fmt,
            [{"update_id": str(update.pk)}],
            root="service_request_updates",
            item="request_update",
            status=201,
        )
    _method(request, "GET", "HEAD")
    start, end = _window(request)
    photos = Attachment.objects.filter(is_public=True).only("id", "update_id", "access_key")
    rows = (
        Update.objects.filter(
            is_public=True,
            report__in=public_reports(),
            created_at__gte=start,
            created_at__lte=end,
        )
        .select_related("report")
        .only("id", "status", "body", "created_at", "report__ticket", "report__status")
        .prefetch_related(Prefetch("attachments", queryset=photos, to_attr="public_photos"))
        .order_by("-created_at", "-id")[:MAX_ITEMS]
    )
    return respond(
        fmt,
        [update_row(request, u) for u in rows],
        root="service_request_updates",
        item="request_update",
    )


@open311
def unknown(request: HttpRequest, fmt: str, **_kwargs: Any) -> HttpResponse:
    raise Refused(404, [_("Tidak ada endpoint Open311 di alamat ini.")])


def root(request: HttpRequest) -> HttpResponse:
    """The base URL: point people to the discovery document."""
    from django.shortcuts import redirect

    return redirect("open311:discovery", fmt="xml")
