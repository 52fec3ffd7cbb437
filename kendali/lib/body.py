"""Read a request body that may be JSON or a multipart form with files."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from kendali.lib.errors import ActionError, Invalid
from kendali.lib.text import first_surrogate, may_hold_surrogates

# Newline-delimited JSON: sensor readings in bulk (docs/telemetry.md).
NDJSON_TYPES = frozenset(
    {
        "application/x-ndjson",
        "application/ndjson",
        "application/jsonlines",
        "application/x-jsonlines",
    }
)


def loads(data: bytes | str) -> Any:
    """``json.loads`` for untrusted input: every way it can fail is a ValueError.

    Python's parser recurses once per nesting level, so a body of 100,000 ``[`` raises
    RecursionError; that, and text that is not UTF-8, become ValueError like any other bad JSON.
    So does a lone UTF-16 surrogate (``"\\ud800"``): valid JSON syntax, but no text a database
    can store (``kendali/lib/text.py``).
    """
    try:
        value = json.loads(data)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise ValueError(str(exc)) from None
    if may_hold_surrogates(data) and first_surrogate(value) is not None:
        raise ValueError("JSON text holds a lone UTF-16 surrogate")
    return value


class UnsupportedMediaType(ActionError):
    status_code = 415


class PayloadTooLarge(ActionError):
    status_code = 413


def read_body(
    request: HttpRequest, *, file_field: str = "photos", allow_files: bool = True
) -> tuple[dict[str, Any], list[UploadedFile[bytes]]]:
    """Return the fields and uploaded files of a JSON or multipart body, or raise a 4xx error."""
    content_type = (request.content_type or "").lower()
    if content_type == "application/json":
        try:
            data = loads(request.body or b"null")
        except RequestDataTooBig:
            raise PayloadTooLarge(_("Isi permintaan terlalu besar.")) from None
        except ValueError:
            raise Invalid(_("Isi permintaan bukan JSON yang valid.")) from None
        if not isinstance(data, dict):
            raise Invalid(_("Isi permintaan harus berupa objek JSON."))
        return data, []
    if allow_files and content_type in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        try:
            fields = {key: request.POST.get(key) for key in request.POST}
            files = (
                request.FILES.getlist(file_field) if content_type.startswith("multipart") else []
            )
        except (TooManyFilesSent, TooManyFieldsSent):
            raise Invalid(_("Terlalu banyak isian atau berkas dalam satu permintaan.")) from None
        except RequestDataTooBig:
            raise PayloadTooLarge(_("Isi permintaan terlalu besar.")) from None
        except MultiPartParserError:
            raise Invalid(_("Isi formulir multipart rusak.")) from None
        # An empty form field means "not given", not an empty number or area.
        return {key: value for key, value in fields.items() if value != ""}, list(files)
    accepted = "application/json, multipart/form-data" if allow_files else "application/json"
    raise UnsupportedMediaType(
        _("Jenis isi %(type)s tidak didukung; gunakan %(accepted)s.")
        % {"type": content_type or "-", "accepted": accepted}
    )
