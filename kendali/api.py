"""The JSON API v1: one NinjaAPI with a router per app, token or session authentication, and
one error shape for every failure: ``{"detail": ..., "errors": [{"field": ..., "message": ...}]}``.
"""

from __future__ import annotations

from typing import Any

import pydantic
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from kendali.agencies.access import user_for_token
from kendali.lib.errors import ActionError


class TokenAuth(HttpBearer):
    """``Authorization: Bearer kdl_...`` from `kendali token create USERNAME`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class StaffSessionAuth(SessionAuth):
    """The console's session cookie (with Django's CSRF check on unsafe methods)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a session cookie there is no session to protect: answer 401, not a CSRF 403.
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


STAFF_AUTH = [TokenAuth(), StaffSessionAuth()]


def staff_user(request: HttpRequest) -> Any:
    """The user an authenticated API request acts as (set by ninja's auth classes)."""
    return request.auth  # type: ignore[attr-defined]


EXTRA_SCHEMAS: list[type[pydantic.BaseModel]] = []


class KendaliAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["paths"]["/api/v1/events"] = EVENTS_OPENAPI
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in EXTRA_SCHEMAS:
            definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(definition.pop("$defs", {}))
            components[model.__name__] = definition
        return schema


api = KendaliAPI(
    title="Kendali API",
    version="1",
    description=(
        "Public and staff API of a Kendali command center. Public endpoints need no "
        "authentication; staff endpoints take `Authorization: Bearer <token>` "
        "(`kendali token create USERNAME`) or the console's session cookie. Errors always "
        'have the shape `{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`.'
    ),
    urls_namespace="api",
    docs_url="/docs",
)

EVENTS_OPENAPI = {
    "get": {
        "operationId": "kendali_events",
        "summary": "Live events for staff (Server-Sent Events)",
        "description": (
            "A `text/event-stream` of `report.created` and `report.changed` events, limited to "
            "what the authenticated user may see. Each event's data is JSON with `ticket`, "
            "`action`, `status`, `priority`, `agency_id` and `category`; fetch the report for "
            "details. A `reset` event means events were dropped and the client should reload."
        ),
        "tags": ["events"],
        "security": [{"BearerAuth": []}, {"sessionid": []}],
        "responses": {
            "200": {"description": "Event stream", "content": {"text/event-stream": {}}},
            "401": {"description": "Not authenticated"},
        },
    }
}


def error_body(detail: str, errors: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "detail": detail,
        "errors": [
            {"field": field, "message": message} for field, message in (errors or {}).items()
        ],
    }


def pydantic_errors(errors: list[dict[str, Any]]) -> dict[str, str]:
    """Turn pydantic's error list into one readable, translated message per field."""
    fields: dict[str, str] = {}
    for error in errors:
        location = [
            str(part)
            for part in error.get("loc", ())
            if part not in {"body", "payload", "query", "path", "filters"}
        ]
        field = ".".join(location) or "body"
        fields.setdefault(field, _describe(error))
    return fields


def _describe(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Wajib diisi.")
    if kind in {"string_too_long", "too_long"}:
        return _("Terlalu panjang (maksimal %(max)s karakter).") % {
            "max": ctx.get("max_length", "?")
        }
    if kind in {"string_too_short", "too_short"}:
        return _("Terlalu pendek (minimal %(min)s karakter).") % {"min": ctx.get("min_length", "?")}
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "finite_number"}:
        return _("Harus berupa angka.")
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return _("Nilai di luar batas yang diizinkan.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Harus true atau false.")
    if kind in {"string_type"}:
        return _("Harus berupa teks.")
    if kind in {"json_invalid", "model_attributes_type", "model_type", "dict_type"}:
        return _("Isi permintaan harus berupa objek JSON.")
    if kind in {"enum", "literal_error"}:
        return _("Nilai tidak dikenal.")
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg", _("Nilai tidak valid.")))
    return _("Nilai tidak valid.")


@api.exception_handler(ActionError)
def on_action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
    return api.create_response(request, error_body(exc.message, exc.errors), status=exc.status_code)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(
        request,
        error_body(_("Isian tidak valid."), pydantic_errors(list(exc.errors))),
        status=400,
    )


@api.exception_handler(pydantic.ValidationError)
def on_pydantic_error(request: HttpRequest, exc: pydantic.ValidationError) -> HttpResponse:
    errors = [dict(error) for error in exc.errors()]
    return api.create_response(
        request, error_body(_("Isian tidak valid."), pydantic_errors(errors)), status=400
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, error_body(_("Perlu masuk (login) atau token API.")), status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    messages = {
        "Cannot parse request body": _("Isi permintaan bukan JSON yang valid."),
        "CSRF check Failed": _("Token CSRF tidak ada atau tidak cocok."),
    }
    detail = messages.get(exc.message.split(" (")[0], exc.message)
    return api.create_response(request, error_body(detail), status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body(_("Tidak ditemukan.")), status=404)


@api.exception_handler(Ratelimited)
def on_rate_limited(request: HttpRequest, exc: Ratelimited) -> HttpResponse:
    return api.create_response(
        request,
        error_body(_("Terlalu banyak permintaan. Coba lagi sebentar lagi.")),
        status=429,
    )


def _register_routers() -> None:
    from kendali.agencies.api import router as agencies_router
    from kendali.cities.api import router as cities_router
    from kendali.reports.api import router as reports_router
    from kendali.sops.api import router as sops_router
    from kendali.telemetry.api import router as telemetry_router

    api.add_router("", reports_router)
    api.add_router("", sops_router)
    api.add_router("", cities_router)
    api.add_router("", agencies_router)
    api.add_router("", telemetry_router)


_register_routers()
