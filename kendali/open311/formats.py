"""GeoReport v2 documents in both formats the spec names: XML (required) and JSON.

Each endpoint builds a list of rows (dicts, in the spec's element order); this module writes them
as a JSON array or as an XML document with a declaration, in UTF-8. Datetimes carry the city's
offset (2026-01-31T14:00:00+07:00), never "Z".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpResponse
from django.utils import timezone

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
# Lists inside a row and the element name of their items.
ITEM_NAMES = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "keywords": "keyword",
}
# Characters XML 1.0 cannot carry, even escaped: dropped from text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w3c(value: datetime | None) -> str | None:
    """ISO 8601 with the local offset, to the second."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3c(value) or ""
    if isinstance(value, float):
        return repr(value)
    return _NOT_XML.sub("", str(value))


def _fill(parent: Element, row: Mapping[str, Any]) -> None:
    for name, value in row.items():
        child = SubElement(parent, name)
        if isinstance(value, Mapping):
            _fill(child, value)
        elif isinstance(value, list):
            item_name = ITEM_NAMES.get(name, "item")
            for item in value:
                element = SubElement(child, item_name)
                if isinstance(item, Mapping):
                    _fill(element, item)
                else:
                    element.text = _text(item)
        else:
            child.text = _text(value)


def xml_document(root: str, item: str | None, rows: Iterable[Mapping[str, Any]]) -> bytes:
    """``<root><item>...</item>...</root>``; with ``item`` None the single row fills the root."""
    element = Element(root)
    for row in rows:
        _fill(SubElement(element, item) if item else element, row)
    document: bytes = tostring(element, encoding="utf-8", xml_declaration=True)
    return document


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return w3c(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def respond(
    fmt: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    root: str,
    item: str | None,
    status: int = 200,
    single: bool = False,
) -> HttpResponse:
    """Answer in the requested format. ``single`` writes one JSON object instead of an array
    (discovery and service definitions are objects in the spec's JSON examples)."""
    if fmt == "xml":
        return HttpResponse(xml_document(root, item, rows), content_type=XML_TYPE, status=status)
    payload: Any = rows[0] if single else rows
    body = json.dumps(payload, ensure_ascii=False, default=_json_default)
    return HttpResponse(body.encode(), content_type=JSON_TYPE, status=status)


def errors(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    """The spec's error document: ``<errors><error><code/><description/></error></errors>``, or
    the same as a JSON array."""
    rows = [{"code": status, "description": text} for text in descriptions]
    return respond(fmt, rows, root="errors", item="error", status=status)
