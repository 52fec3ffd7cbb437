"""Request middleware specific to Kendali."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# Outside the public website the language comes from the person's choice (cookie) or their
# browser (Accept-Language), not from a URL prefix.
UNPREFIXED = ("/api/", "/console/", "/admin/", "/open311/")


class KendaliLocaleMiddleware(LocaleMiddleware):
    """The public website is Indonesian at `/` and English or Sundanese under `/en/` and
    `/su/`; the API, console and admin follow the person's language instead."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(UNPREFIXED):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
