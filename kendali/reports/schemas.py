"""Typed shapes of the reports API, and the functions that fill them from models."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

import pydantic
from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, FiniteFloat, field_validator

from kendali.lib.links import absolute
from kendali.reports import hooks
from kendali.reports.choices import Priority, ReportStatus, UpdateKind
from kendali.reports.links import tracking_url
from kendali.reports.models import (
    ADDRESS_MAX,
    CONTACT_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    NOTE_MAX,
    Attachment,
    Report,
    Update,
)

# ---------------------------------------------------------------------------------------------
# Input


class ReportIn(Schema):
    category: str = Field(max_length=64, description="Category code from GET /api/v1/categories")
    description: str = Field(max_length=DESCRIPTION_MAX)
    latitude: FiniteFloat | None = Field(default=None, ge=-90, le=90)
    longitude: FiniteFloat | None = Field(default=None, ge=-180, le=180)
    address: str = Field(default="", max_length=ADDRESS_MAX)
    area: str | None = Field(
        default=None, max_length=40, description="Area code; required with an address alone"
    )
    reporter_name: str = Field(default="", max_length=NAME_MAX)
    reporter_contact: str = Field(
        default="", max_length=CONTACT_MAX, description="Phone or email; never published"
    )
    anonymous: bool = False
    confidential: bool = False

    @field_validator("description", "address", "reporter_name", "reporter_contact", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("latitude", "longitude", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(_("Harus berupa angka."))
        return value


class NoteIn(Schema):
    note: str = Field(default="", max_length=NOTE_MAX)


class ReasonIn(Schema):
    reason: str = Field(max_length=NOTE_MAX)


class DuplicateIn(Schema):
    primary: str = Field(max_length=20, description="Ticket of the report this one repeats")


class DisposeIn(Schema):
    agency: str = Field(max_length=30, description="Agency code")
    note: str = Field(default="", max_length=NOTE_MAX)


class PriorityIn(Schema):
    priority: Priority
    reason: str = Field(default="", max_length=NOTE_MAX)


class ResolveIn(Schema):
    note: str = Field(max_length=NOTE_MAX)
    override_reason: str = Field(
        default="",
        max_length=NOTE_MAX,
        description="Supervisors only: resolve although required SOP steps are open, and why",
    )


class UpdateIn(Schema):
    body: str = Field(max_length=NOTE_MAX)
    public: bool = False


# ---------------------------------------------------------------------------------------------
# Output


class ReportCreated(Schema):
    ticket: str
    status: str
    url: str


class Named(Schema):
    code: str
    name: str


class AreaRef(Schema):
    code: str
    name: str
    level: str


class PhotoOut(Schema):
    url: str
    width: int
    height: int


class PublicUpdateOut(Schema):
    created_at: datetime
    kind: UpdateKind
    status: ReportStatus | None
    status_label: str | None
    agency: Named | None
    body: str
    photos: list[PhotoOut]


class PublicReportBase(Schema):
    ticket: str
    url: str
    status: ReportStatus
    status_label: str
    open311_status: str
    category: Named
    confidential: bool
    description: str | None
    address: str | None
    latitude: float | None
    longitude: float | None
    area: AreaRef | None
    agency: Named | None
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    duplicate_of: str | None
    photos: list[PhotoOut]
    updates: list[PublicUpdateOut]


class PublicReportItem(Schema):
    ticket: str
    url: str
    status: ReportStatus
    status_label: str
    category: Named
    description: str
    address: str
    latitude: float | None
    longitude: float | None
    area: AreaRef | None
    agency: Named | None
    created_at: datetime
    updated_at: datetime


class PublicReportPage(Schema):
    items: list[PublicReportItem]
    next_cursor: str | None


class StaffUpdateOut(Schema):
    id: int
    created_at: datetime
    kind: UpdateKind
    status: ReportStatus | None
    status_label: str | None
    body: str
    public: bool
    author: str | None
    agency: Named | None
    photos: list[PhotoOut]


class TransitionOut(Schema):
    created_at: datetime
    action: str
    from_status: str | None
    to_status: ReportStatus
    actor: str | None
    agency: Named | None
    reason: str


class StaffReportItem(Schema):
    ticket: str
    status: ReportStatus
    status_label: str
    priority: Priority
    channel: str
    category: Named
    description: str
    address: str
    latitude: float | None
    longitude: float | None
    area: AreaRef | None
    agency: Named | None
    suggested_agency: Named | None
    confidential: bool
    anonymous: bool
    created_at: datetime
    updated_at: datetime


class StaffReportPage(Schema):
    items: list[StaffReportItem]
    next_cursor: str | None


class ReporterOut(Schema):
    name: str
    contact: str


class StaffReportBase(StaffReportItem):
    url: str
    reporter: ReporterOut | None = Field(
        description="Command-center staff always; the handling agency unless anonymous"
    )
    duplicate_of: str | None
    verified_at: datetime | None
    dispositioned_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    allowed_actions: list[str]
    photos: list[PhotoOut]
    updates: list[StaffUpdateOut]
    transitions: list[TransitionOut]


def _extended(name: str, base: type[Schema], fields: dict[str, hooks.ReportField]) -> type[Schema]:
    """``base`` with the fields the feature apps added (built once the apps are ready)."""
    apps.check_apps_ready()
    extra: dict[str, Any] = {
        f.name: (f.annotation, Field(description=f.description or None)) for f in fields.values()
    }
    return pydantic.create_model(name, __base__=base, **extra)


@functools.cache
def public_report_schema() -> type[Schema]:
    """The public report answer: `PublicReportBase` plus `hooks.PUBLIC_FIELDS`."""
    return _extended("PublicReportOut", PublicReportBase, hooks.PUBLIC_FIELDS)


@functools.cache
def staff_report_schema() -> type[Schema]:
    """The staff report answer: `StaffReportBase` plus `hooks.STAFF_FIELDS`."""
    return _extended("StaffReportOut", StaffReportBase, hooks.STAFF_FIELDS)


def __getattr__(name: str) -> Any:
    # `PublicReportOut` and `StaffReportOut` exist once every app has added its fields.
    if name == "PublicReportOut":
        return public_report_schema()
    if name == "StaffReportOut":
        return staff_report_schema()
    raise AttributeError(name)


# ---------------------------------------------------------------------------------------------
# Builders


def _named(obj: Any) -> dict[str, str] | None:
    if obj is None:
        return None
    return {"code": obj.code, "name": getattr(obj, "short_name", None) or obj.name}


def _area(report: Report) -> dict[str, str] | None:
    if report.area is None:
        return None
    return {"code": report.area.code, "name": report.area.name, "level": report.area.level}


def public_photo(request: HttpRequest | None, attachment: Attachment) -> dict[str, Any]:
    path = reverse("reports-portal:photo", args=[attachment.access_key])
    return {"url": absolute(request, path), "width": attachment.width, "height": attachment.height}


def staff_photo(request: HttpRequest | None, attachment: Attachment) -> dict[str, Any]:
    path = reverse("api:staff_photo_file", args=[attachment.access_key])
    return {"url": absolute(request, path), "width": attachment.width, "height": attachment.height}


def public_report(request: HttpRequest | None, report: Report) -> dict[str, Any]:
    """The public view of one report: never who reported it; for confidential, unverified and
    rejected reports only what the reporter needs to follow it (status and public timeline),
    see ``Report.details_are_public``."""
    hidden = not report.details_are_public
    updates = [update for update in report.updates.all() if update.is_public]
    photos_by_update: dict[int | None, list[Attachment]] = {}
    for attachment in report.attachments.all():
        # Photos appear once an operator has verified the report (moderation), never for
        # confidential, rejected or duplicate reports.
        if attachment.is_public and report.is_public:
            photos_by_update.setdefault(attachment.update_id, []).append(attachment)
    first_update = updates[0].pk if updates else None
    return {
        "ticket": report.ticket,
        "url": tracking_url(request, report),
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "open311_status": ReportStatus.open311_status(report.status),
        "category": {"code": report.category.code, "name": report.category.name},
        "confidential": report.is_confidential,
        "description": None if hidden else report.description,
        "address": None if hidden else report.address,
        "latitude": None if hidden else report.latitude,
        "longitude": None if hidden else report.longitude,
        "area": None if hidden else _area(report),
        "agency": _named(report.agency),
        "created_at": report.created_at,
        "updated_at": report.updated_at,
        "resolved_at": report.resolved_at,
        "duplicate_of": report.duplicate_of.ticket
        if report.duplicate_of and not report.duplicate_of.is_confidential
        else None,
        "photos": [public_photo(request, a) for a in photos_by_update.get(first_update, [])]
        + [public_photo(request, a) for a in photos_by_update.get(None, [])],
        "updates": [
            {
                "created_at": update.created_at,
                "kind": update.kind,
                "status": update.status or None,
                "status_label": str(update.get_status_display()) if update.status else None,
                "agency": _named(update.agency),
                "body": update.body,
                "photos": [public_photo(request, a) for a in photos_by_update.get(update.pk, [])]
                if update.pk != first_update
                else [],
            }
            for update in updates
        ],
    } | hooks.extra_values(hooks.PUBLIC_FIELDS, report)


def public_item(request: HttpRequest | None, report: Report) -> dict[str, Any]:
    return {
        "ticket": report.ticket,
        "url": tracking_url(request, report),
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "category": {"code": report.category.code, "name": report.category.name},
        "description": report.description,
        "address": report.address,
        "latitude": report.latitude,
        "longitude": report.longitude,
        "area": _area(report),
        "agency": _named(report.agency),
        "created_at": report.created_at,
        "updated_at": report.updated_at,
    }


def staff_item(report: Report) -> dict[str, Any]:
    return {
        "ticket": report.ticket,
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "priority": report.priority,
        "channel": report.channel,
        "category": {"code": report.category.code, "name": report.category.name},
        "description": report.description,
        "address": report.address,
        "latitude": report.latitude,
        "longitude": report.longitude,
        "area": _area(report),
        "agency": _named(report.agency),
        "suggested_agency": _named(report.suggested_agency),
        "confidential": report.is_confidential,
        "anonymous": report.is_anonymous,
        "created_at": report.created_at,
        "updated_at": report.updated_at,
    }


def may_see_reporter(user: Any, report: Report) -> bool:
    """Who reported is for those who handle the report, never for read-only roles: the command
    center always, the handling agency unless the reporter asked to stay anonymous."""
    if user.is_center_staff:
        return True
    return bool(
        user.is_agency_staff and report.agency_id == user.agency_id and not report.is_anonymous
    )


def staff_report(
    request: HttpRequest | None, report: Report, user: Any, allowed: list[str]
) -> dict[str, Any]:
    from kendali.reports.models import Transition

    attachments = list(report.attachments.all())
    photos_by_update: dict[int | None, list[Attachment]] = {}
    for attachment in attachments:
        photos_by_update.setdefault(attachment.update_id, []).append(attachment)
    updates: list[Update] = list(report.updates.select_related("author", "agency"))
    transitions = Transition.objects.filter(report=report).select_related("actor", "agency")
    return (
        staff_item(report)
        | {
            "url": tracking_url(request, report),
            "reporter": {"name": report.reporter_name, "contact": report.reporter_contact}
            if may_see_reporter(user, report)
            else None,
            "duplicate_of": report.duplicate_of.ticket if report.duplicate_of else None,
            "verified_at": report.verified_at,
            "dispositioned_at": report.dispositioned_at,
            "resolved_at": report.resolved_at,
            "closed_at": report.closed_at,
            "allowed_actions": allowed,
            "photos": [staff_photo(request, a) for a in attachments],
            "updates": [
                {
                    "id": update.pk,
                    "created_at": update.created_at,
                    "kind": update.kind,
                    "status": update.status or None,
                    "status_label": str(update.get_status_display()) if update.status else None,
                    "body": update.body,
                    "public": update.is_public,
                    "author": str(update.author) if update.author else None,
                    "agency": _named(update.agency),
                    "photos": [
                        staff_photo(request, a) for a in photos_by_update.get(update.pk, [])
                    ],
                }
                for update in updates
            ],
            "transitions": [
                {
                    "created_at": transition.created_at,
                    "action": transition.action,
                    "from_status": transition.from_status or None,
                    "to_status": transition.to_status,
                    "actor": str(transition.actor) if transition.actor else None,
                    "agency": _named(transition.agency),
                    "reason": transition.reason,
                }
                for transition in transitions
            ],
        }
        | hooks.extra_values(hooks.STAFF_FIELDS, report)
    )
