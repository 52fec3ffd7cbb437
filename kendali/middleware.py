"""Request middleware specific to Kendali."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
