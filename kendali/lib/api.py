"""What every API router shares: authentication, the one error shape, validation.

Model-free on purpose: routers of every app import this module, and `kendali/api.py` only
assembles them into one `NinjaAPI`. Tokens are resolved by the function that
``settings.API_TOKEN_RESOLVER`` names (the agencies app's), so this module needs no model.

Every failure answers ``{"detail": ..., "errors": [{"field": ..., "message": ...}]}``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pydantic
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth

from kendali.lib.body import loads
from kendali.lib.errors import ActionError, Invalid
from kendali.lib.lockout import guarded_token

# The error answers every staff endpoint may give, for its OpenAPI `response=`.
ERRORS = {400: dict, 401: dict, 403: dict, 404: dict, 409: dict, 413: dict, 415: dict, 429: dict}

# Bodies read by hand (JSON or multipart) that should still appear in the OpenAPI document.
EXTRA_SCHEMAS: list[type[pydantic.BaseModel]] = []


@functools.cache
def _token_resolver() -> Callable[[str, str], Any]:
    """``resolver(secret, scope)``: the token's user, or None."""
    resolver: Callable[[str, str], Any] = import_string(settings.API_TOKEN_RESOLVER)
    return resolver


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TooManyRequests(ActionError):
    status_code = 429


def scope_for(request: HttpRequest) -> str:
    """The scope a request needs: ``read`` to look, ``write`` to change."""
    return "read" if request.method in SAFE_METHODS else "write"


def resolve_token(request: HttpRequest, token: str, scope: str) -> Any:
    """The user of a staff token with this scope, behind the address lockout, and counted
    against the token user's own request limit (``settings.TOKEN_RATE``)."""
    user = guarded_token(request, lambda: _token_resolver()(token, scope))
    if user is not None and settings.TOKEN_RATE:
        over = is_ratelimited(
            request,
            group="api.token",
            key=lambda _group, _request: f"user:{user.pk}",
            rate=settings.TOKEN_RATE,
            increment=True,
        )
        if over:
            raise TooManyRequests(
                _("Batas permintaan token ini terlampaui (%(rate)s).")
                % {"rate": settings.TOKEN_RATE}
            )
    return user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer kdl_...`` from `kendali token create USERNAME`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = resolve_token(request, token, scope_for(request))
        if user is not None:
            request.user = user
        return user


def bearer_user(request: HttpRequest) -> Any:
    """The user of a valid staff token this request carries, or None (looked up once). Public
    endpoints use it to give staff and integrations their own limits."""
    if not hasattr(request, "_kendali_bearer_user"):
        header = request.headers.get("Authorization", "")
        user = None
        if header.lower().startswith("bearer "):
            user = _token_resolver()(header[7:].strip(), scope_for(request))
        request._kendali_bearer_user = user  # type: ignore[attr-defined]
    return request._kendali_bearer_user  # type: ignore[attr-defined]


def intake_key(group: str, request: HttpRequest) -> str:
    """Rate-limit key of public intake: the token's user for staff and integrations, else the
    client address."""
    user = bearer_user(request)
    if user is not None:
        return f"token-user:{user.pk}"
    return str(request.META.get("REMOTE_ADDR", ""))


def intake_rate(group: str, request: HttpRequest) -> str | None:
    """Anonymous intake at ``REPORT_RATE`` per address; tokens at their own ``TOKEN_RATE``."""
    rate = settings.TOKEN_RATE if bearer_user(request) is not None else settings.REPORT_RATE
    return rate or None


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


def validate(schema: type[pydantic.BaseModel], payload: dict[str, Any]) -> Any:
    """Parse a body read by hand into ``schema``, or raise `Invalid` with a message per field."""
    try:
        return schema.model_validate(payload)
    except pydantic.ValidationError as exc:
        errors = pydantic_errors([dict(error) for error in exc.errors()])
        raise Invalid(_("Isian tidak valid."), errors) from None


class JsonParser(Parser):
    """Bodies of schema-typed endpoints through ``lib.body.loads``: too deep, not UTF-8 or a
    lone surrogate is a 400 ("not valid JSON"), never a 500 further down."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        value: dict[str, Any] = loads(request.body)
        return value


def install_error_handlers(api: NinjaAPI) -> None:
    """Give ``api`` the one error shape for every failure."""

    @api.exception_handler(ActionError)
    def on_action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
        return api.create_response(
            request, error_body(exc.message, exc.errors), status=exc.status_code
        )

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
