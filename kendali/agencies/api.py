"""Agencies and the signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from kendali.agencies.choices import Role
from kendali.agencies.models import Agency
from kendali.lib.api import STAFF_AUTH, staff_user

router = Router(tags=["agencies"])


class AgencyOut(Schema):
    code: str
    name: str
    short_name: str


class MeOut(Schema):
    username: str
    name: str
    role: Role
    role_label: str
    agency: AgencyOut | None


@router.get("/agencies", response=list[AgencyOut], summary="Agencies (perangkat daerah)")
def list_agencies(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"code": a.code, "name": a.name, "short_name": a.short_name}
        for a in Agency.objects.filter(is_active=True)
    ]


@router.get("/me", response={200: MeOut, 401: dict}, auth=STAFF_AUTH, tags=["staff"])
def me(request: HttpRequest) -> dict[str, Any]:
    user = staff_user(request)
    agency = user.agency
    return {
        "username": user.username,
        "name": str(user),
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "agency": {"code": agency.code, "name": agency.name, "short_name": agency.short_name}
        if agency
        else None,
    }
