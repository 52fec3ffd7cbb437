"""SOPs API: the published procedures (public), and completing or skipping steps (staff)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from kendali.lib.api import ERRORS, EXTRA_SCHEMAS, STAFF_AUTH, staff_user, validate
from kendali.lib.body import read_body
from kendali.lib.errors import NotFound
from kendali.reports.access import access_report
from kendali.reports.api import staff_view
from kendali.reports.schemas import StaffReportOut
from kendali.reports.uploads import clean_photos
from kendali.sops import actions
from kendali.sops.choices import VersionStatus
from kendali.sops.models import SOP, SOPVersion
from kendali.sops.schemas import SOPItem, SOPOut, sop_out

router = Router(tags=["sops"])


class CompleteStepIn(Schema):
    note: str = Field(default="", max_length=4000)
    decision: str = Field(default="", description="`yes` or `no` for decision steps")
    run: int | None = Field(default=None, description="Run id, for steps of a sub-SOP")


class SkipStepIn(Schema):
    reason: str = Field(max_length=4000)
    run: int | None = None


EXTRA_SCHEMAS.extend([CompleteStepIn])


@router.get("/sops", response=list[SOPItem], summary="Published SOPs")
def list_sops(request: HttpRequest) -> list[dict[str, Any]]:
    versions = (
        SOPVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("sop")
        .prefetch_related("sop__categories")
        .order_by("sop__code")
    )
    return [
        {
            "code": v.sop.code,
            "title": v.sop.title,
            "categories": [c.code for c in v.sop.categories.all()],
            "version": v.number,
            "published_at": v.published_at,
        }
        for v in versions
    ]


@router.get(
    "/sops/{code}", response={200: SOPOut, 404: dict}, summary="One published SOP with its steps"
)
def get_sop(request: HttpRequest, code: str) -> dict[str, Any]:
    sop = SOP.objects.filter(code=code).prefetch_related("categories").first()
    version = sop.published if sop else None
    if sop is None or version is None:
        raise NotFound(_("SOP tidak ditemukan."))
    return sop_out(sop, version)


@router.post(
    "/reports/{ticket}/steps/{order}/complete",
    response={200: StaffReportOut, **ERRORS},
    auth=STAFF_AUTH,
    summary="Complete an SOP step (JSON, or multipart with `photos` as evidence)",
    tags=["staff"],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                kind: {"schema": {"$ref": "#/components/schemas/CompleteStepIn"}}
                for kind in ("application/json", "multipart/form-data")
            },
        }
    },
)
def complete_step(request: HttpRequest, ticket: str, order: int) -> dict[str, Any]:
    user = staff_user(request)
    report = access_report(user, ticket)
    payload, files = read_body(request)
    data = validate(CompleteStepIn, payload)
    actions.complete_step(
        report,
        user,
        order,
        note=data.note,
        decision=data.decision,
        photos=clean_photos(files),
        run_id=data.run,
        source="api",
    )
    return staff_view(request, report)


@router.post(
    "/reports/{ticket}/steps/{order}/skip",
    response={200: StaffReportOut, **ERRORS},
    auth=STAFF_AUTH,
    summary="Skip an SOP step with a reason",
    tags=["staff"],
)
def skip_step(request: HttpRequest, ticket: str, order: int, body: SkipStepIn) -> dict[str, Any]:
    user = staff_user(request)
    report = access_report(user, ticket)
    actions.skip_step(report, user, order, reason=body.reason, run_id=body.run, source="api")
    return staff_view(request, report)
