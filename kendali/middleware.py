"""Request middleware specific to Kendali."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from kendali.lib.body import NDJSON_TYPES

# Outside the public website there is no language prefix in the URL. The console and admin
# speak the person's chosen language (the language switcher's cookie), Indonesian otherwise;
# API clients may also ask with Accept-Language.
CHOSEN = ("/console/", "/admin/")
NEGOTIATED = ("/api/", "/open311/")


class KendaliLocaleMiddleware(LocaleMiddleware):
    """The public website is Indonesian at `/` and English or Sundanese under `/en/` and
    `/su/`; the API, console and admin follow the person's language instead."""

    def process_request(self, request: HttpRequest) -> None:
        path = request.path_info
        if path.startswith(CHOSEN):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            known = {code for code, _name in settings.LANGUAGES}
            self._activate(request, chosen if chosen in known else settings.LANGUAGE_CODE)
        elif path.startswith(NEGOTIATED):
            self._activate(request, translation.get_language_from_request(request))
        else:
            super().process_request(request)

    @staticmethod
    def _activate(request: HttpRequest, language: str) -> None:
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectNulCharacters:
    """Refuse input holding NUL characters, which no text column can store (PostgreSQL rejects
    them; SQLite would keep them silently): 400 with a readable message, before any view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            has_nul = self._has_nul(request)
        except RequestDataTooBig:
            message = translation.gettext("Isi permintaan terlalu besar.")
            return error_response(request, message, status=413)
        if has_nul:
            message = translation.gettext("Isian tidak boleh berisi karakter NUL (\\0).")
            return error_response(request, message, status=400)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return True
        if request.method in {"POST", "PUT", "PATCH"}:
            content_type = (request.content_type or "").lower()
            if content_type in JSON_TYPES:
                return b"\\u0000" in request.body or b"\x00" in request.body
            if content_type in {"multipart/form-data", "application/x-www-form-urlencoded"}:
                return any(
                    "\x00" in value for values in request.POST.lists() for value in values[1]
                )
        return False


JSON_TYPES = frozenset({"application/json"}) | NDJSON_TYPES
API_CONTENT_TYPES = JSON_TYPES | {"multipart/form-data", "application/x-www-form-urlencoded"}


class ApiErrorShape:
    """Every answer of the JSON API has the JSON error shape, also where Django answers before
    any API code runs: an unknown path (404), a wrong method (405), a body type the API does
    not read (415)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        if (
            request.method in {"POST", "PUT", "PATCH"}
            and request.headers.get("Content-Length", "0") != "0"
        ):
            content_type = (request.content_type or "").lower()
            if content_type not in API_CONTENT_TYPES:
                message = translation.gettext(
                    "Jenis isi %(type)s tidak didukung; gunakan application/json "
                    "atau multipart/form-data."
                ) % {"type": content_type or "-"}
                return error_response(request, message, status=415)
        response = self.get_response(request)
        if response.status_code in {404, 405} and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            message = (
                translation.gettext("Tidak ditemukan.")
                if response.status_code == 404
                else translation.gettext("Metode %(method)s tidak diizinkan di sini.")
                % {"method": request.method}
            )
            replacement = error_response(request, message, status=response.status_code)
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response


def error_response(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": []}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
