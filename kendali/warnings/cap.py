"""CAP 1.2 documents for public warnings, and the rules the OASIS schema cannot check.

The document is written in the schema's element order with the standard library's XML writer.
At publish time ``check_schema`` validates it against the OASIS CAP 1.2 XML schema
(``schemas/CAP-v1.2.xsd``, with xmlschema), and ``check_document`` parses it back and checks
what XML Schema cannot: every time carries an offset and never "Z", every ``web`` is an
absolute http(s) URL, every referenced message exists, every polygon is a closed ring of at
least four points with at most six decimals.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, SubElement, fromstring, tostring

import shapely
import xmlschema
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Polygon

from kendali.lib.geo import parse_area_geometry
from kendali.lib.links import is_absolute_url

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_MEDIA_TYPE = "application/cap+xml"
CAP_TYPE = f"{CAP_MEDIA_TYPE}; charset=utf-8"
SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "CAP-v1.2.xsd"
_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
_NUMBER = re.compile(r"^-?\d+(\.\d{1,6})?$")
TIME_FIELDS = ("sent", "effective", "onset", "expires")
# Tolerance when a city area becomes a CAP polygon: about 20 m, keeps documents small.
SIMPLIFY_DEGREES = 0.0002

Ring = list[list[float]]  # [[lat, lon], ...], closed


class CapRuleError(ValueError):
    """A CAP document breaks a rule of CAP 1.2 that its schema does not check."""


# Characters XML 1.0 cannot carry, even escaped (tab, newline and carriage return it can).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text without the control characters an XML document cannot hold."""
    return _NOT_XML.sub("", text)


def cap_time(value: datetime) -> str:
    """CAP's dateTime: to the second, with the local offset (+07:00), never "Z"."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _ring_text(ring: Ring) -> str:
    return " ".join(f"{_num(lat)},{_num(lon)}" for lat, lon in ring)


def _num(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def rings_of_area(geometry: dict[str, Any]) -> list[Ring]:
    """The outer rings of a city area as CAP polygons: simplified, six decimals, closed."""
    shape = parse_area_geometry(geometry)
    simple = shapely.simplify(shape, SIMPLIFY_DEGREES, preserve_topology=True)
    polygons = list(simple.geoms) if isinstance(simple, MultiPolygon) else [simple]
    rings = []
    for polygon in polygons:
        if not isinstance(polygon, Polygon) or polygon.is_empty:
            continue
        points = [[round(y, 6), round(x, 6)] for x, y in polygon.exterior.coords]
        if points[0] != points[-1]:
            points.append(points[0])
        if len(points) >= 4:
            rings.append(points)
    return rings


class PolygonError(ValueError):
    pass


def parse_ring(text: str) -> Ring:
    """A drawn polygon in CAP's form ("lat,lon lat,lon ..."), checked: closed, at least four
    points, a valid ring; coordinates rounded to six decimals."""
    points: Ring = []
    for pair in text.split():
        parts = pair.split(",")
        if len(parts) != 2:
            raise PolygonError(_("'%(pair)s' bukan pasangan lintang,bujur") % {"pair": pair})
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except ValueError:
            raise PolygonError(_("'%(pair)s' bukan angka") % {"pair": pair}) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise PolygonError(_("'%(pair)s' di luar rentang koordinat") % {"pair": pair})
        points.append([round(lat, 6), round(lon, 6)])
    if len(points) < 4:
        raise PolygonError(
            _("poligon butuh paling sedikit 4 titik (titik pertama diulang di akhir)")
        )
    if points[0] != points[-1]:
        raise PolygonError(_("poligon harus tertutup: titik terakhir sama dengan titik pertama"))
    polygon = Polygon([(lon, lat) for lat, lon in points])
    if not polygon.is_valid or polygon.area == 0:
        raise PolygonError(_("poligon tidak valid (garisnya bersilangan atau tanpa luas)"))
    return points


# ---------------------------------------------------------------------------------------------
# Writing


def _sub(parent: Element, name: str, text: str | None) -> Element:
    element = SubElement(parent, name)
    element.text = xml_safe(text) if text is not None else None
    return element


def build_document(
    warning: Any,
    *,
    sender: str,
    sender_name: str,
    sent: datetime,
    references: Iterable[tuple[str, str, datetime]],
    web: Callable[[str], str],
    contact: str,
) -> bytes:
    """Write a warning as a CAP 1.2 alert with one info block per language (id-ID, en-US)."""
    alert = Element("alert", {"xmlns": CAP_NS})
    _sub(alert, "identifier", warning.identifier)
    _sub(alert, "sender", sender)
    _sub(alert, "sent", cap_time(sent))
    _sub(alert, "status", "Actual")
    _sub(alert, "msgType", warning.msg_type)
    _sub(alert, "scope", "Public")
    refs = " ".join(f"{s},{i},{cap_time(t)}" for s, i, t in references)
    if refs:
        _sub(alert, "references", refs)
    areas = list(warning.areas.all())
    languages = [("id-ID", "ind"), ("en-US", "en")]
    # A Sundanese <info> when the warning has its Sundanese texts (they are optional).
    if warning.event_su and warning.headline_su and warning.description_su:
        languages.append(("su-ID", "su"))
    for language, suffix in languages:
        info = SubElement(alert, "info")
        _sub(info, "language", language)
        _sub(info, "category", warning.category)
        _sub(info, "event", getattr(warning, f"event_{suffix}"))
        if warning.response_type:
            _sub(info, "responseType", warning.response_type)
        _sub(info, "urgency", warning.urgency)
        _sub(info, "severity", warning.severity)
        _sub(info, "certainty", warning.certainty)
        _sub(info, "onset", cap_time(warning.onset))
        _sub(info, "expires", cap_time(warning.expires))
        _sub(info, "senderName", sender_name)
        _sub(info, "headline", getattr(warning, f"headline_{suffix}"))
        _sub(info, "description", getattr(warning, f"description_{suffix}"))
        instruction = getattr(warning, f"instruction_{suffix}")
        if instruction:
            _sub(info, "instruction", instruction)
        _sub(info, "web", web(language))
        if contact:
            _sub(info, "contact", contact)
        for area in areas:
            block = SubElement(info, "area")
            _sub(block, "areaDesc", area.description)
            for ring in area.polygons:
                _sub(block, "polygon", _ring_text(ring))
            if area.area_id:
                geocode = SubElement(block, "geocode")
                _sub(geocode, "valueName", "kendali:area")
                _sub(geocode, "value", area.area.code)
    document: bytes = tostring(alert, encoding="utf-8", xml_declaration=True)
    return document


# ---------------------------------------------------------------------------------------------
# Checking


@functools.cache
def _schema() -> xmlschema.XMLSchema10:
    # Built once per process (a few hundred milliseconds); it reads only its own file.
    return xmlschema.XMLSchema10(str(SCHEMA_FILE), allow="sandbox", defuse="always")


def check_schema(document: bytes) -> None:
    """Raise CapRuleError with the first place the document breaks the OASIS CAP 1.2 schema."""
    try:
        # No entities, no outside files: only the document itself is read.
        resource = xmlschema.XMLResource(io.BytesIO(document), allow="none", defuse="always")
        error = next(_schema().iter_errors(resource), None)
    except (xmlschema.XMLResourceError, ParseError, ValueError) as exc:
        raise CapRuleError(f"not well-formed XML: {exc}") from None
    if error is not None:
        where = f" at {error.path}" if error.path else ""
        reason = error.reason or str(error.message)
        raise CapRuleError(f"CAP 1.2 schema{where}: {reason}")


def check_document(document: bytes, reference_exists: Callable[[str, str, str], bool]) -> None:
    """Raise CapRuleError when the document breaks a rule its schema cannot check."""
    try:
        root = fromstring(document)  # noqa: S314  (our own document, just written)
    except ParseError as exc:
        raise CapRuleError(f"not well-formed XML: {exc}") from None
    ns = {"cap": CAP_NS}
    for name in TIME_FIELDS:
        for element in root.iter(f"{{{CAP_NS}}}{name}"):
            text = element.text or ""
            if not _TIME.match(text) or text.endswith("Z"):
                raise CapRuleError(f"{name} '{text}' must carry an offset, never 'Z'")
    references = root.findtext("cap:references", default="", namespaces=ns)
    for entry in references.split():
        parts = entry.split(",")
        if len(parts) != 3 or not _TIME.match(parts[2]):
            raise CapRuleError(f"reference '{entry}' is not sender,identifier,sent")
        if not reference_exists(*parts):
            raise CapRuleError(f"reference '{entry}' names no published message")
    if root.findtext("cap:msgType", namespaces=ns) != "Alert" and not references:
        raise CapRuleError("updates and cancellations must reference the original")
    for info in root.findall("cap:info", ns):
        if not info.findall("cap:area", ns):
            raise CapRuleError("every info block needs an area")
        web = info.findtext("cap:web", default="", namespaces=ns)
        if web and not is_absolute_url(web):
            raise CapRuleError(f"web '{web}' must be an absolute http(s) URL")
    for polygon in root.iter(f"{{{CAP_NS}}}polygon"):
        pairs = (polygon.text or "").split()
        if len(pairs) < 4 or pairs[0] != pairs[-1]:
            raise CapRuleError("polygons must be closed rings of at least four points")
        for pair in pairs:
            numbers = pair.split(",")
            if len(numbers) != 2 or not all(_NUMBER.match(n) for n in numbers):
                raise CapRuleError(f"polygon point '{pair}' needs at most six decimals")
