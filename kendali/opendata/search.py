"""Dataset search for CKAN's ``package_search``: each public dataset becomes a small document
of CKAN's index fields, and parsed ``q``/``fq`` queries (``solr.py``) are evaluated on it.
A city's catalogue is tens or hundreds of datasets, so this runs in memory per request."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kendali.opendata import solr
from kendali.opendata.choices import Theme
from kendali.opendata.models import Dataset

CENTER_ORG = "command-center"

# CKAN's index fields Kendali fills: exact-value (string) fields, text fields (words), dates
# and numbers. Ranges work on dates and numbers.
STRING_FIELDS = frozenset(
    {
        "id",
        "name",
        "organization",
        "owner_org",
        "groups",
        "tags",
        "res_format",
        "license_id",
        "frequency",
        "kind",
        "state",
        "capacity",
        "dataset_type",
        "type",
        "entity_type",
    }
)
TEXT_FIELDS = frozenset({"title", "notes", "text"})
DATE_FIELDS = frozenset({"metadata_modified", "metadata_created"})
NUMBER_FIELDS = frozenset({"num_resources", "num_tags"})
QUERY_FIELDS = STRING_FIELDS | TEXT_FIELDS | DATE_FIELDS | NUMBER_FIELDS
FACET_FIELDS = STRING_FIELDS - {"id", "name", "state", "capacity", "entity_type"}
SORT_FIELDS = frozenset(
    {
        "id",
        "name",
        "title",
        "title_string",
        "metadata_modified",
        "metadata_created",
        "num_resources",
        "num_tags",
        "score",
    }
)


def theme_group(theme: str) -> str:
    """The CKAN group of a DCAT theme: its EU code in lower case (``gove``, ``envi``...)."""
    return theme.lower()


def group_theme(name: str) -> str | None:
    code = name.upper()
    return code if code in Theme.values else None


def metadata_modified(dataset: Dataset) -> datetime:
    """CKAN moves ``metadata_modified`` when a resource changes, so Kendali's counts the
    data's changes too: a harvester asking for changes since then sees new rows."""
    return max(dataset.modified_at, dataset.data_modified_at)


@dataclass
class Document:
    dataset: Dataset
    strings: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    dates: dict[str, datetime] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)


def document(dataset: Dataset) -> Document:
    resources = list(dataset.resources.all())
    org = dataset.publisher.code if dataset.publisher else CENTER_ORG
    title = f"{dataset.title_ind or ''} {dataset.title_en or ''}"
    notes = f"{dataset.notes_ind or ''} {dataset.notes_en or ''}"
    return Document(
        dataset,
        strings={
            "id": [str(dataset.uuid)],
            "name": [dataset.name],
            "organization": [org],
            "owner_org": [org],
            "groups": [theme_group(dataset.theme)],
            "tags": dataset.tags,
            "res_format": [r.format for r in resources],
            "license_id": [dataset.licence],
            "frequency": [dataset.frequency],
            "kind": [dataset.kind],
            "state": ["active"],
            "capacity": ["public"],
            "dataset_type": ["dataset"],
            "type": ["dataset"],
            "entity_type": ["package"],
        },
        texts={
            "title": title.casefold(),
            "notes": notes.casefold(),
            "text": " ".join([dataset.name, title, notes, *dataset.tags]).casefold(),
        },
        dates={
            "metadata_modified": metadata_modified(dataset),
            "metadata_created": dataset.created_at,
        },
        numbers={"num_resources": len(resources), "num_tags": len(dataset.tags)},
    )


def _string_matches(values: Iterable[str], term: solr.Term) -> bool:
    wanted = term.value.casefold()
    if not term.phrase and wanted.endswith("*") and len(wanted) > 1:
        return any(v.casefold().startswith(wanted[:-1]) for v in values)
    return any(v.casefold() == wanted for v in values)


def _bound(field_name: str, value: str | None) -> Any:
    if value is None:
        return None
    if field_name in DATE_FIELDS:
        return solr.parse_date(value)
    if not value.isascii() or not value.lstrip("-").isdigit() or len(value) > 18:
        raise solr.SolrSyntaxError(f"Invalid Number: {value[:40]}")
    return int(value)


def check(node: solr.Node) -> None:
    """Refuse what parses but cannot be evaluated (a range on a string field, a bad date)
    before any dataset is read."""
    if isinstance(node, solr.Range):
        if node.field not in DATE_FIELDS | NUMBER_FIELDS:
            raise solr.SolrSyntaxError(f"range queries are not supported on {node.field}")
        _bound(node.field, node.low)
        _bound(node.field, node.high)
    elif isinstance(node, solr.Term) and node.field in DATE_FIELDS:
        solr.parse_date(node.value)
    elif isinstance(node, solr.Term) and node.field in NUMBER_FIELDS:
        _bound(node.field, node.value)
    elif isinstance(node, solr.Not):
        check(node.clause)
    elif isinstance(node, solr.And | solr.Or):
        for clause in node.clauses:
            check(clause)


def matches(doc: Document, node: solr.Node) -> bool:
    if isinstance(node, solr.MatchAll):
        return True
    if isinstance(node, solr.And):
        return all(matches(doc, c) for c in node.clauses)
    if isinstance(node, solr.Or):
        return any(matches(doc, c) for c in node.clauses)
    if isinstance(node, solr.Not):
        return not matches(doc, node.clause)
    if isinstance(node, solr.Range):
        value: Any = doc.dates[node.field] if node.field in DATE_FIELDS else doc.numbers[node.field]
        low, high = _bound(node.field, node.low), _bound(node.field, node.high)
        if low is not None and (value < low or (value == low and not node.include_low)):
            return False
        return not (
            high is not None and (value > high or (value == high and not node.include_high))
        )
    name = node.field or "text"
    if name in TEXT_FIELDS:
        return node.value.casefold().rstrip("*") in doc.texts[name]
    if name in DATE_FIELDS:
        return doc.dates[name] == solr.parse_date(node.value)
    if name in NUMBER_FIELDS:
        return bool(doc.numbers[name] == _bound(name, node.value))
    return _string_matches(doc.strings[name], node)


def parse_sort(text: str) -> list[tuple[str, bool]]:
    """``metadata_modified desc, name asc`` → [(field, descending)]."""
    keys: list[tuple[str, bool]] = []
    for clause in text.split(","):
        words = clause.split()
        if not words:
            continue
        if len(words) > 2:
            raise SortError(f"Can't determine a Sort Order in '{clause.strip()[:80]}'")
        key = words[0]
        direction = words[1].lower() if len(words) == 2 else "asc"
        if direction not in {"asc", "desc"}:
            raise SortError(f"Unknown sort order: {words[1][:40]}")
        if key not in SORT_FIELDS:
            raise solr.SolrSyntaxError(f"sort param field can't be found: {key[:80]}")
        keys.append((key, direction == "desc"))
    return keys


class SortError(ValueError):
    """A sort clause CKAN calls an invalid "sort" parameter."""


SORT_VALUES: dict[str, Callable[[Document], Any]] = {
    "id": lambda d: d.strings["id"][0],
    "name": lambda d: d.dataset.name,
    "title": lambda d: (d.dataset.title_ind or "").casefold(),
    "title_string": lambda d: (d.dataset.title_ind or "").casefold(),
    "metadata_modified": lambda d: d.dates["metadata_modified"],
    "metadata_created": lambda d: d.dates["metadata_created"],
    "num_resources": lambda d: d.numbers["num_resources"],
    "num_tags": lambda d: d.numbers["num_tags"],
}


def sort_documents(docs: list[Document], keys: list[tuple[str, bool]]) -> list[Document]:
    """Stable sorts from the last key to the first; ``score`` keeps the order found (no
    relevance ranking), ties end in name order so paging is repeatable."""
    docs = sorted(docs, key=lambda d: d.dataset.name)
    for key, descending in reversed(keys):
        if key == "score":
            continue
        docs.sort(key=SORT_VALUES[key], reverse=descending)
    return docs


def facet_counts(docs: list[Document], name: str, limit: int, mincount: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for doc in docs:
        for value in set(doc.strings[name]):
            counts[value] = counts.get(value, 0) + 1
    ordered = sorted(
        ((v, n) for v, n in counts.items() if n >= mincount), key=lambda item: (-item[1], item[0])
    )
    if limit >= 0:
        ordered = ordered[:limit]
    return dict(ordered)
