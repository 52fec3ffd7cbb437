"""Reading datasets the admin uploads (CSV, GeoJSON, XLSX): checked whole before anything is
stored, with a message that says what is wrong and where."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kendali.lib.errors import Invalid

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
PREVIEW_ROWS = 20


@dataclass
class ParsedUpload:
    format: str  # CSV, GeoJSON, XLSX
    columns: list[str]
    row_count: int
    preview: list[list[Any]]
    content: bytes  # what is stored and served (XLSX is also converted to CSV)
    csv_copy: bytes | None = None


def _refuse(message: str) -> Invalid:
    return Invalid(message, {"file": message})


def parse_upload(filename: str, content: bytes) -> ParsedUpload:
    if not content:
        raise _refuse(_("Berkas kosong."))
    if len(content) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise _refuse(_("Berkas terlalu besar (maksimal %(mb)s MB).") % {"mb": limit})
    name = filename.lower()
    if name.endswith(".csv"):
        return _csv(content)
    if name.endswith((".geojson", ".json")):
        return _geojson(content)
    if name.endswith(".xlsx"):
        return _xlsx(content)
    raise _refuse(_("Format tidak didukung: unggah CSV, GeoJSON atau XLSX."))


def _csv(content: bytes) -> ParsedUpload:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(
            _("CSV harus UTF-8 (byte %(position)d tidak bisa dibaca).") % {"position": exc.start}
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise _refuse(_("CSV tanpa baris judul kolom.")) from None
    header = [h.strip() for h in header]
    if not any(header) or len(set(header)) != len(header) or not all(header):
        raise _refuse(_("Baris pertama harus berisi nama kolom yang terisi dan tidak kembar."))
    preview: list[list[Any]] = []
    count = 0
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise _refuse(
                    _("Baris %(line)d punya %(found)d kolom, seharusnya %(expected)d.")
                    % {"line": reader.line_num, "found": len(row), "expected": len(header)}
                )
            count += 1
            if len(preview) < PREVIEW_ROWS:
                preview.append(row)
    except csv.Error as exc:
        raise _refuse(_("CSV rusak: %(problem)s") % {"problem": exc}) from None
    stored = content if dialect.delimiter == "," else _recode(text, dialect)
    return ParsedUpload("CSV", header, count, preview, stored)


def _recode(text: str, dialect: Any) -> bytes:
    """Serve semicolon- or tab-separated uploads as plain comma-separated CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv.reader(io.StringIO(text), dialect):
        if any(cell.strip() for cell in row):
            writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _geojson(content: bytes) -> ParsedUpload:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise _refuse(_("GeoJSON tidak bisa dibaca: %(problem)s") % {"problem": exc}) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise _refuse(_('GeoJSON harus berupa FeatureCollection ("type": "FeatureCollection").'))
    features = data.get("features")
    if not isinstance(features, list):
        raise _refuse(_("GeoJSON tanpa daftar features."))
    columns: list[str] = []
    preview: list[list[Any]] = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise _refuse(_("Feature ke-%(n)d bukan objek Feature.") % {"n": number})
        geometry = feature.get("geometry")
        if geometry is not None and not (isinstance(geometry, dict) and "type" in geometry):
            raise _refuse(_("Feature ke-%(n)d punya geometri yang tidak valid.") % {"n": number})
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise _refuse(_("Feature ke-%(n)d punya properties yang bukan objek.") % {"n": number})
        for key in properties:
            if key not in columns:
                columns.append(str(key))
    for feature in features[:PREVIEW_ROWS]:
        properties = feature.get("properties") or {}
        preview.append([properties.get(c, "") for c in columns])
    return ParsedUpload("GeoJSON", columns, len(features), preview, content)


def _xlsx(content: bytes) -> ParsedUpload:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise _refuse(
            _("XLSX tidak bisa dibaca: %(problem)s") % {"problem": type(exc).__name__}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        try:
            header_row = next(rows)
        except StopIteration:
            raise _refuse(_("Lembar pertama XLSX kosong.")) from None
        header = [str(c).strip() if c is not None else "" for c in header_row]
        while header and not header[-1]:
            header.pop()
        if not header or not all(header) or len(set(header)) != len(header):
            raise _refuse(_("Baris pertama harus berisi nama kolom yang terisi dan tidak kembar."))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        preview: list[list[Any]] = []
        count = 0
        for row in rows:
            cells = [
                "" if c is None else (c.isoformat() if hasattr(c, "isoformat") else c)
                for c in row[: len(header)]
            ]
            cells += [""] * (len(header) - len(cells))
            if not any(str(c).strip() for c in cells):
                continue
            writer.writerow(cells)
            count += 1
            if len(preview) < PREVIEW_ROWS:
                preview.append([str(c) for c in cells])
    finally:
        workbook.close()
    return ParsedUpload(
        "XLSX", header, count, preview, content, csv_copy=out.getvalue().encode("utf-8")
    )
