"""CKAN's DataStore API (``datastore_search``, ``datastore_info``) over every tabular resource:
the CSV of each automatic dataset, and uploaded CSV and XLSX files.

Nothing loads a whole table per request. Automatic datasets are queried in the database
through their providers (``providers.RowQuery``: filter, order, offset and limit in SQL, then
the provider shapes only the rows of the page). Uploads are parsed once when they are stored,
into ``DatastoreRow`` rows (the cells as a JSON list), and searched there with JSON key
lookups, which SQLite and PostgreSQL both run."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.http import HttpRequest

from kendali.opendata import providers
from kendali.opendata.choices import DatasetKind
from kendali.opendata.models import Dataset, DatastoreRow, Resource

ROWS_DEFAULT = 100  # ckan.datastore.search.rows_default
ROWS_MAX = 32000  # ckan.datastore.search.rows_max: a larger limit is lowered to this
OFFSET_MAX = 2**31 - 1
STORE_BATCH = 2000
TABULAR_FORMATS = {"CSV", "XLSX"}
RECORDS_FORMATS = {"objects", "lists", "csv", "tsv"}
KNOWN_PARAMS = {
    "resource_id",
    "id",
    "filters",
    "q",
    "full_text",
    "plain",
    "language",
    "fields",
    "sort",
    "limit",
    "offset",
    "distinct",
    "include_total",
    "total_estimation_threshold",
    "records_format",
    "include_next_page",
}


class DatastoreError(Exception):
    """Raised here, answered by ckan.py in CKAN's shape."""

    def __init__(self, status: int, kind: str, detail: dict[str, Any]) -> None:
        super().__init__(kind)
        self.status = status
        self.kind = kind
        self.detail = detail


def _invalid(field: str, message: str) -> DatastoreError:
    return DatastoreError(409, "Validation Error", {field: [message]})


def _not_found(resource_id: str) -> DatastoreError:
    return DatastoreError(
        404, "Not Found Error", {"message": f'Not found: Resource "{resource_id}" was not found.'}
    )


def is_active(resource: Resource) -> bool:
    """Whether the DataStore serves this resource (``datastore_active`` in CKAN)."""
    if resource.format not in TABULAR_FORMATS:
        return False
    return resource.dataset.kind == DatasetKind.UPLOAD or resource.format == "CSV"


# ---------------------------------------------------------------------------------------------
# Storing uploads


def csv_rows(content: bytes, width: int) -> Iterator[list[str]]:
    """The data rows of a served CSV (comma-separated, header first), each ``width`` wide."""
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    next(reader, None)
    for row in reader:
        if any(cell.strip() for cell in row):
            yield (row + [""] * width)[:width]


def store_rows(dataset: Dataset, rows: Iterable[list[str]]) -> int:
    """Replace the stored rows of an uploaded dataset; return how many were written."""
    count = 0
    with transaction.atomic():
        DatastoreRow.objects.filter(dataset=dataset).delete()
        batch: list[DatastoreRow] = []
        for count, row in enumerate(rows, start=1):
            batch.append(DatastoreRow(dataset=dataset, number=count, values=row))
            if len(batch) >= STORE_BATCH:
                DatastoreRow.objects.bulk_create(batch)
                batch = []
        DatastoreRow.objects.bulk_create(batch)
    return count


def load_missing() -> int:
    """Store the rows of uploads kept before the DataStore existed (the refresh job calls
    this); return how many datasets were loaded."""
    loaded = 0
    uploads = Dataset.objects.filter(kind=DatasetKind.UPLOAD, row_count__gt=0).exclude(
        datastore_rows__isnull=False
    )
    for dataset in uploads.distinct():
        served = dataset.resources.filter(format="CSV").exclude(file="").first()
        if served is None:
            continue
        with served.file.open("rb") as handle:
            content = handle.read()
        store_rows(dataset, csv_rows(content, len(dataset.columns)))
        loaded += 1
    return loaded


# ---------------------------------------------------------------------------------------------
# Tables


@dataclass
class Column:
    name: str
    type: str  # CKAN's: text, int, numeric
    path: str | None = None  # what the database filters and sorts on
    plain: bool = False  # the column is the path's value unchanged


class Table:
    columns: list[Column]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def count(self, where: Q) -> int:
        raise NotImplementedError

    def rows(self, where: Q, order: list[Any], offset: int, limit: int) -> list[list[Any]]:
        """Rows of the page, each starting with its ``_id``."""
        raise NotImplementedError

    def distinct_rows(self, where: Q, names: list[str]) -> QuerySet[Any]:
        """The distinct values of these columns, as tuples."""
        raise NotImplementedError

    def path(self, name: str) -> str:
        column = self.column(name)
        assert column is not None and column.path is not None
        return column.path

    def text_query(self, text: str, name: str | None) -> Q:
        raise NotImplementedError


class UploadTable(Table):
    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.columns = [Column("_id", "int", "number", True)] + [
            Column(str(name), "text", f"c{i}", True) for i, name in enumerate(dataset.columns)
        ]

    def _rows(self) -> QuerySet[DatastoreRow]:
        # As plain text: JSON key lookups would read "320" or "Coblong" as JSON on SQLite.
        cells = {
            f"c{i}": Cast(KT(f"values__{i}"), output_field=TextField())
            for i in range(len(self.columns) - 1)
        }
        return DatastoreRow.objects.filter(dataset=self.dataset).annotate(**cells)

    def count(self, where: Q) -> int:
        if not where:
            return self.dataset.row_count
        return self._rows().filter(where).count()

    def rows(self, where: Q, order: list[Any], offset: int, limit: int) -> list[list[Any]]:
        page = self._rows().filter(where).order_by(*order, "number")[offset : offset + limit]
        return [[number, *values] for number, values in page.values_list("number", "values")]

    def distinct_rows(self, where: Q, names: list[str]) -> QuerySet[Any]:
        paths = [self.path(n) for n in names]
        return self._rows().filter(where).values_list(*paths).distinct()

    def text_query(self, text: str, name: str | None) -> Q:
        targets = [c for c in self.columns[1:] if name is None or c.name == name]
        query = Q()
        for column in targets:
            query |= Q(**{f"{column.path}__icontains": text})
        return query


class AutoTable(Table):
    def __init__(self, dataset: Dataset, base: str) -> None:
        self.kind = dataset.kind
        self.base = base
        paths = providers.DATASTORE_PATHS.get(self.kind, {})
        self.columns = [Column("_id", "int", "id", True)]
        for name in providers.columns_of(self.kind):
            kind = (
                "int"
                if name in providers.INTEGER_COLUMNS
                else "numeric"
                if name in providers.NUMERIC_COLUMNS
                else "text"
            )
            path, plain = paths.get(name, (None, False))
            self.columns.append(Column(name, kind, path, plain))

    def count(self, where: Q) -> int:
        return providers.source_of(self.kind).filter(where).count()

    def rows(self, where: Q, order: list[Any], offset: int, limit: int) -> list[list[Any]]:
        query = providers.RowQuery(where=where, order=order, offset=offset, limit=limit)
        return list(providers.rows_of(self.kind, self.base, query))

    def distinct_rows(self, where: Q, names: list[str]) -> QuerySet[Any]:
        paths = [self.path(n) for n in names]
        return providers.source_of(self.kind).filter(where).values_list(*paths).distinct()

    def text_query(self, text: str, name: str | None) -> Q:
        if name is not None:
            column = self.column(name)
            if column is None or not column.plain or column.type != "text":
                raise _invalid("q", f'field "{name}" cannot be searched in this resource')
            return Q(**{f"{column.path}__icontains": text})
        query = Q()
        for path in providers.DATASTORE_TEXT.get(self.kind, []):
            query |= Q(**{f"{path}__icontains": text})
        if self.kind == DatasetKind.REPORTS:
            query |= Q(description_is_public=True, description__icontains=text)
        return query


def _table(request: HttpRequest, resource_id: str) -> tuple[Resource, Table]:
    from kendali.lib.links import absolute
    from kendali.opendata.access import public_resource

    resource = public_resource(resource_id)
    if resource is None or not is_active(resource):
        raise _not_found(resource_id)
    dataset = resource.dataset
    if dataset.kind == DatasetKind.UPLOAD:
        return resource, UploadTable(dataset)
    return resource, AutoTable(dataset, absolute(request, "/").rstrip("/"))


# ---------------------------------------------------------------------------------------------
# Parameters


def _json_param(params: dict[str, Any], name: str) -> Any:
    raw = params.get(name)
    if isinstance(raw, str) and raw.strip()[:1] in {"{", "["}:
        try:
            return json.loads(raw)
        except (json.JSONDecodeError, RecursionError):
            raise _invalid(name, "Could not parse as valid JSON") from None
    return raw


def _names(params: dict[str, Any], name: str) -> list[str] | None:
    raw = _json_param(params, name)
    if raw in (None, ""):
        return None
    if isinstance(raw, str):
        return [part.strip() for part in raw.split(",") if part.strip()]
    if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        return [v.strip() for v in raw]
    raise _invalid(name, "Not a list or a string")


def _number(params: dict[str, Any], name: str, default: int, maximum: int) -> int:
    raw = params.get(name, default)
    if raw in (None, ""):
        return default
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise _invalid(name, "Invalid integer")
    if isinstance(raw, str):
        text = raw.strip()
        if not text.isascii() or not text.isdigit() or len(text) > 19:
            raise _invalid(name, "Invalid integer")
        raw = int(text)
    if raw < 0:
        raise _invalid(name, "Must be a natural number")
    return min(raw, maximum) if name == "limit" else raw


def _flag(params: dict[str, Any], name: str, default: bool) -> bool:
    raw = params.get(name, default)
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"true", "1", "yes", "on"}:
        return True
    if text in {"false", "0", "no", "off", ""}:
        return False
    raise _invalid(name, "Value must be one of: true, false")


def _scalar(name: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _invalid("filters", f'invalid value for "{name}"')
    return str(value)


def _filters(table: Table, params: dict[str, Any]) -> Q:
    raw = _json_param(params, "filters")
    if raw in (None, ""):
        return Q()
    if not isinstance(raw, dict):
        raise _invalid("filters", "Not a json object")
    where = Q()
    for name, value in raw.items():
        column = table.column(str(name))
        if column is None:
            raise _invalid("filters", f'field "{name}" not in table')
        if column.path is None or not column.plain:
            raise _invalid("filters", f'field "{name}" cannot be filtered in this resource')
        values = value if isinstance(value, list) else [value]
        if len(values) > 1000:
            raise _invalid("filters", f'too many values for "{name}"')
        texts = [_scalar(str(name), v) for v in values]
        if column.type == "int" and not all(t.isascii() and t.lstrip("-").isdigit() for t in texts):
            raise _invalid("filters", f'invalid value for "{name}": not an integer')
        if column.type == "int" and any(len(t) > 18 for t in texts):
            raise _invalid("filters", f'invalid value for "{name}": out of range')
        where &= Q(**{f"{column.path}__in": texts})
    return where


def _text_query(table: Table, params: dict[str, Any]) -> Q:
    raw = _json_param(params, "q")
    full_text = params.get("full_text")
    where = Q()
    if isinstance(full_text, str) and full_text.strip():
        where &= table.text_query(full_text.strip(), None)
    if raw in (None, ""):
        return where
    if isinstance(raw, str):
        return where & table.text_query(raw.strip(), None) if raw.strip() else where
    if isinstance(raw, dict):
        for name, value in raw.items():
            if table.column(str(name)) is None:
                raise _invalid("q", f'field "{name}" not in table')
            where &= table.text_query(_scalar(str(name), value), str(name))
        return where
    raise _invalid("q", "Must be a string or a JSON object")


def _order(table: Table, sort: list[str] | None) -> list[Any]:
    order: list[Any] = []
    for clause in sort or []:
        words = clause.split()
        name = words[0].strip('"') if words else ""
        column = table.column(name)
        if column is None:
            raise _invalid("sort", f'field "{name}" not in table')
        if column.path is None:
            raise _invalid("sort", f'field "{name}" cannot be sorted in this resource')
        rest = [w.lower() for w in words[1:]]
        if rest not in ([], ["asc"], ["desc"]):
            raise _invalid("sort", f'sorting can only be asc or desc: "{clause}"')
        expression = F(column.path)
        order.append(expression.desc() if rest == ["desc"] else expression.asc())
    return order


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _links(request: HttpRequest, offset: int, limit: int) -> dict[str, str]:
    """As ckanext-datastore builds them: this request's path and query, without the offset
    to start, with the next offset to go on."""
    arguments = {k: v for k, v in request.GET.items() if k != "offset"}
    start = request.path + (f"?{urlencode(arguments)}" if arguments else "")
    following = request.path + "?" + urlencode({**arguments, "offset": offset + limit})
    return {"start": start, "next": following}


# ---------------------------------------------------------------------------------------------
# Actions


def search(request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
    resource_id = str(params.get("resource_id") or params.get("id") or "")
    if not resource_id:
        raise _invalid("resource_id", "Missing value")
    unknown = sorted(set(params) - KNOWN_PARAMS)
    if unknown:
        raise _invalid(unknown[0], f'invalid value "{params[unknown[0]]}"'[:200])
    records_format = str(params.get("records_format") or "objects")
    if records_format not in RECORDS_FORMATS:
        raise _invalid("records_format", "Value must be one of ['objects', 'lists', 'csv', 'tsv']")
    limit = _number(params, "limit", ROWS_DEFAULT, ROWS_MAX)
    offset = _number(params, "offset", 0, OFFSET_MAX)
    if offset > OFFSET_MAX:
        raise _invalid("offset", f"Must be less than or equal to {OFFSET_MAX}")
    distinct = _flag(params, "distinct", False)
    include_total = _flag(params, "include_total", True)
    resource, table = _table(request, resource_id)
    names = _names(params, "fields")
    if names is not None:
        for name in names:
            if table.column(name) is None:
                raise _invalid("fields", f'field "{name}" not in table')
    selected = names or [c.name for c in table.columns]
    where = _filters(table, params) & _text_query(table, params)
    order = _order(table, _names(params, "sort"))
    sort_names = [c.split()[0].strip('"') for c in _names(params, "sort") or [] if c.split()]
    try:
        if distinct:
            for name in selected:
                column = table.column(name)
                if column is None or column.path is None or not column.plain:
                    raise _invalid("distinct", f'field "{name}" cannot be listed distinct here')
            if not set(sort_names) <= set(selected):
                raise _invalid("sort", "with distinct, sort only by the fields returned")
            unique = table.distinct_rows(where, selected)
            page = unique.order_by(*(order or [F(table.path(n)).asc() for n in selected]))
            records = [
                ["" if v is None else _plain(v) for v in row]
                for row in page[offset : offset + limit]
            ]
            positions = list(range(len(selected)))
            total = unique.count() if include_total else None
        else:
            records = table.rows(where, order, offset, limit)
            index = {c.name: i for i, c in enumerate(table.columns)}
            positions = [index[n] for n in selected]
            total = table.count(where) if include_total else None
    except (DjangoValidationError, ValueError, TypeError, OverflowError) as exc:
        raise _invalid("filters", f"invalid value: {exc}"[:200]) from None
    rows = [[row[i] for i in positions] for row in records]
    fields = [{"id": n, "type": table.column(n).type} for n in selected]  # type: ignore[union-attr]
    result: dict[str, Any] = {
        "include_total": include_total,
        "limit": limit,
        "offset": offset,
        "records_format": records_format,
        "resource_id": str(resource.uuid),
        "total_estimation_threshold": None,
        "fields": fields,
        "records": _format(rows, selected, records_format),
        "_links": _links(request, offset, limit),
    }
    for name in ("filters", "q", "sort", "distinct"):
        if params.get(name) not in (None, ""):
            result[name] = _json_param(params, name)
    if include_total:
        result["total"] = total
        result["total_was_estimated"] = False
    return result


def _format(rows: list[list[Any]], names: list[str], records_format: str) -> Any:
    if records_format == "objects":
        return [dict(zip(names, row, strict=True)) for row in rows]
    if records_format == "lists":
        return rows
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter="\t" if records_format == "tsv" else ",", lineterminator="\n"
    )
    writer.writerows(rows)
    return out.getvalue()


def info(request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
    resource_id = str(params.get("id") or params.get("resource_id") or "")
    if not resource_id:
        raise _invalid("id", "Missing value")
    resource, table = _table(request, resource_id)
    return {
        "meta": {
            "id": str(resource.uuid),
            "count": table.count(Q()),
            "table_type": "BASE TABLE",
            "aliases": [],
        },
        "fields": [
            {
                "id": c.name,
                "type": c.type,
                "schema": {
                    "native_type": c.type,
                    "notnull": False,
                    "is_index": c.path is not None and c.plain,
                    "uniquekey": c.name == "_id",
                },
            }
            for c in table.columns
            if c.name != "_id"
        ],
    }
