"""A subset of CKAN's Action API at /api/3/action/ (and /api/action/, which ckanapi calls), with
CKAN's ``{help, success, result}`` envelope and CKAN-style errors, so Satu Data portals and
CKAN harvesters can read the city's open data."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from datetime import UTC
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from kendali.agencies.models import Agency
from kendali.cities.models import City
from kendali.lib.links import absolute
from kendali.lib.text import has_surrogate
from kendali.opendata import datastore, search, solr
from kendali.opendata.access import public_dataset, public_datasets, public_resource
from kendali.opendata.choices import FORMATS, Licence, Theme
from kendali.opendata.models import Dataset, Resource

CKAN_VERSION = "2.10.5"  # the CKAN API version whose shapes these answers follow
CENTER_ORG = search.CENTER_ORG
ROWS_MAX = 1000


class CkanError(Exception):
    def __init__(self, status: int, kind: str, message: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.error: dict[str, Any] = {"__type": kind}
        if message:
            self.error["message"] = message


def not_found(what: str = "Not found") -> CkanError:
    return CkanError(404, "Not Found Error", what)


def invalid(field: str, message: str) -> CkanError:
    error = CkanError(409, "Validation Error")
    error.error[field] = [message]
    return error


# ---------------------------------------------------------------------------------------------
# Shapes


def _time(value: Any) -> str | None:
    """As CKAN writes times: UTC without an offset (CKAN 2.9 and 2.10 refuse an offset when
    they harvest)."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() if value else None


def download_url(request: HttpRequest | None, resource: Resource) -> str:
    path = reverse(
        "opendata:download",
        args=[resource.dataset.name, resource.uuid, resource.filename],
    )
    return absolute(request, path)


def resource_dict(request: HttpRequest | None, resource: Resource) -> dict[str, Any]:
    media_type = FORMATS.get(resource.format, ("application/octet-stream", ""))[0]
    return {
        "id": str(resource.uuid),
        "package_id": str(resource.dataset.uuid),
        "name": resource.name,
        "description": "",
        "format": resource.format,
        "mimetype": media_type,
        "url": download_url(request, resource),
        "url_type": None,
        "size": resource.size,
        "position": resource.position,
        "state": "active",
        "created": _time(resource.created_at),
        "last_modified": _time(resource.dataset.data_modified_at),
        "metadata_modified": _time(resource.modified_at),
        "datastore_active": datastore.is_active(resource),
        "download_count": resource.download_count,
    }


def center_org(city: City | None) -> dict[str, Any]:
    return {
        "id": CENTER_ORG,
        "name": CENTER_ORG,
        "title": city.command_center_name if city else "Command center",
        "description": (city.localized("about") if city else ""),
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "created": None,
    }


def agency_org(agency: Agency) -> dict[str, Any]:
    return {
        "id": agency.code,
        "name": agency.code,
        "title": agency.name,
        "description": agency.description,
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "created": _time(agency.created_at),
    }


def org_of(dataset: Dataset, city: City | None) -> dict[str, Any]:
    return agency_org(dataset.publisher) if dataset.publisher else center_org(city)


def group_dict(theme: str) -> dict[str, Any]:
    """A CKAN group per DCAT theme (Kendali's datasets each have one theme)."""
    name = search.theme_group(theme)
    return {
        "id": name,
        "name": name,
        "title": str(Theme(theme).label),
        "display_name": str(Theme(theme).label),
        "description": "",
        "type": "group",
        "is_organization": False,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "image_display_url": "",
        "created": None,
    }


def group_ref(theme: str) -> dict[str, Any]:
    group = group_dict(theme)
    return {k: group[k] for k in ("id", "name", "title", "display_name", "description")} | {
        "image_display_url": ""
    }


def package_dict(
    request: HttpRequest | None, dataset: Dataset, city: City | None
) -> dict[str, Any]:
    organization = org_of(dataset, city)
    resources = [resource_dict(request, r) for r in dataset.resources.all()]
    tags = [{"name": tag, "display_name": tag, "state": "active"} for tag in dataset.tags]
    page = absolute(request, reverse("opendata-portal:detail", args=[dataset.name]))
    return {
        "id": str(dataset.uuid),
        "name": dataset.name,
        "title": dataset.title_ind,
        "title_en": dataset.title_en,
        "notes": dataset.notes_ind,
        "notes_en": dataset.notes_en,
        "type": "dataset",
        "state": "active",
        "private": False,
        "isopen": True,
        "license_id": dataset.licence,
        "license_title": str(Licence(dataset.licence).label),
        "license_url": Licence.url(dataset.licence),
        "metadata_created": _time(dataset.created_at),
        "metadata_modified": _time(search.metadata_modified(dataset)),
        "author": organization["title"],
        "maintainer": organization["title"],
        "maintainer_email": (city.email if city else "") or None,
        "url": page,
        "version": None,
        "owner_org": organization["id"],
        "organization": organization,
        "groups": [group_ref(dataset.theme)],
        "tags": tags,
        "num_tags": len(tags),
        "resources": resources,
        "num_resources": len(resources),
        "extras": [
            {"key": "frequency", "value": dataset.frequency},
            {"key": "theme", "value": dataset.theme},
            {"key": "kind", "value": dataset.kind},
            {"key": "row_count", "value": str(dataset.row_count)},
            {"key": "download_count", "value": str(getattr(dataset, "downloads", 0) or 0)},
            {"key": "data_modified", "value": _time(dataset.data_modified_at)},
            {
                "key": "dcat_jsonld",
                "value": absolute(
                    request, reverse("opendata:dataset-as", args=[dataset.name, "jsonld"])
                ),
            },
        ],
    }


# ---------------------------------------------------------------------------------------------
# Parameters

INT_MAX = 2**31 - 1  # larger numbers (a 20-digit offset) are refused, never sent to the database
INT_RE = re.compile(r"\s*-?[0-9]{1,19}\s*")


def _int(params: dict[str, Any], name: str, default: int, *, maximum: int | None = None) -> int:
    raw = params.get(name, default)
    if isinstance(raw, bool) or not isinstance(raw, int | str) or raw == "":
        if raw == "" or raw is None:
            return default
        raise invalid(name, "Invalid integer")
    if isinstance(raw, str):
        if not INT_RE.fullmatch(raw):
            raise invalid(name, "Invalid integer")
        raw = int(raw)
    if raw < 0:
        raise invalid(name, "Must be a natural number")
    if maximum is not None and raw > maximum:
        raise invalid(name, f"Must be less than or equal to {maximum}")
    if raw > INT_MAX:
        raise invalid(name, f"Must be less than or equal to {INT_MAX}")
    return raw


def _signed_int(params: dict[str, Any], name: str, default: int) -> int:
    """An integer that may be negative (``facet.limit=-1``: no limit)."""
    raw = params.get(name, default)
    if isinstance(raw, str) and INT_RE.fullmatch(raw) and raw.strip().startswith("-"):
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool) and raw < 0:
        return max(raw, -1)
    return _int(params, name, default)


def _bool(params: dict[str, Any], name: str, default: bool = False) -> bool:
    raw = params.get(name, default)
    if isinstance(raw, bool):
        return raw
    return str(raw).strip().lower() in {"true", "1", "yes", "on"}


def _text(params: dict[str, Any], name: str, default: str = "") -> str:
    raw = params.get(name, default)
    if raw is None:
        return default
    if not isinstance(raw, str | int | float):
        raise invalid(name, "Must be a string")
    return str(raw)


def _required(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    if value in (None, ""):
        raise invalid(name, "Missing value")
    return _text(params, name)


def _list(params: dict[str, Any], name: str) -> list[str]:
    """A list parameter: a JSON list (in a body, or as text in a query string) or one value."""
    raw = params.get(name)
    if raw in (None, ""):
        return []
    if isinstance(raw, str) and raw.lstrip()[:1] in {"[", "{"}:
        try:
            raw = json.loads(raw)
        except (json.JSONDecodeError, RecursionError):
            raise invalid(name, "Must be a JSON list of strings") from None
    if isinstance(raw, str):
        return [raw]
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise invalid(name, "Must be a JSON list of strings")
    return raw


def search_error(message: str) -> CkanError:
    """What CKAN answers when Solr refuses a query (an unknown field, bad syntax)."""
    return CkanError(409, "Search Error", f"Search error: {message}")


def search_query_error(message: str) -> CkanError:
    """What CKAN answers for a sort order it cannot read."""
    return CkanError(400, "Search Query Error", f"Search Query is invalid: {message}")


# ---------------------------------------------------------------------------------------------
# Actions


def package_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Names of the public datasets (``limit``, ``offset``)."""
    limit = _int(params, "limit", 1000, maximum=ROWS_MAX)
    offset = _int(params, "offset", 0)
    names = public_datasets().order_by("name").values_list("name", flat=True)
    return list(names[offset : offset + limit])


def current_package_list_with_resources(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Datasets with their resources, most recently modified first (``limit``, ``offset``,
    ``page``)."""
    limit = _int(params, "limit", 10, maximum=ROWS_MAX)
    offset = _int(params, "offset", _int(params, "page", 0) * limit)
    city = City.current()
    rows = public_datasets().order_by("-modified_at", "name")[offset : offset + limit]
    return [package_dict(request, d, city) for d in rows]


def package_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """One dataset by name or id (``id``)."""
    dataset = public_dataset(_required(params, "id"))
    if dataset is None:
        raise not_found()
    return package_dict(request, dataset, City.current())


def resource_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """One resource by id (``id``)."""
    resource = public_resource(_required(params, "id"))
    if resource is None:
        raise not_found()
    return resource_dict(request, resource)


FACET_LIMIT = 50  # CKAN's search.facets.limit


def package_search(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Search datasets: q, fq (Solr syntax: field:value, ranges on metadata_modified and
    metadata_created, -, NOT, AND, OR, parentheses), sort, rows, start, facet.field,
    facet.limit, facet.mincount."""
    rows = _int(params, "rows", 10, maximum=ROWS_MAX)
    start = _int(params, "start", 0)
    q = _text(params, "q")
    fq_raw = params.get("fq", "")
    fq_list = (fq_raw if isinstance(fq_raw, list) else [fq_raw]) + _list(params, "fq_list")
    sort = _text(params, "sort") or "score desc, metadata_modified desc"
    facet_fields = _list(params, "facet.field")
    facet_limit = _signed_int(params, "facet.limit", FACET_LIMIT)
    facet_mincount = _int(params, "facet.mincount", 1)
    for name in facet_fields:
        if name not in search.FACET_FIELDS:
            raise search_error(f"undefined field {name[:80]}")
    try:
        queries = []
        if q.strip() not in {"", '""', "''"}:
            queries.append(solr.parse(q, search.QUERY_FIELDS, free_text=True))
        for fq in fq_list:
            if not isinstance(fq, str):
                raise invalid("fq", "Must be a string")
            queries.append(solr.parse(fq, search.QUERY_FIELDS))
        for query in queries:
            search.check(query)
        keys = search.parse_sort(sort)
    except search.SortError as exc:
        raise search_query_error(str(exc)) from None
    except solr.SolrSyntaxError as exc:
        raise search_error(str(exc)) from None
    docs = [search.document(d) for d in public_datasets()]
    found = [d for d in docs if all(search.matches(d, query) for query in queries)]
    found = search.sort_documents(found, keys)
    city = City.current()
    facets = {
        name: search.facet_counts(found, name, facet_limit, facet_mincount) for name in facet_fields
    }
    return {
        "count": len(found),
        "sort": sort,
        "facets": facets,
        "search_facets": {
            name: {
                "title": name,
                "items": sorted(
                    (
                        {"name": value, "display_name": _display(name, value, city), "count": n}
                        for value, n in counts.items()
                    ),
                    key=lambda item: item["display_name"],
                    reverse=True,  # as CKAN orders them
                ),
            }
            for name, counts in facets.items()
        },
        "results": [package_dict(request, d.dataset, city) for d in found[start : start + rows]],
    }


def _display(facet: str, value: str, city: City | None) -> str:
    if facet in {"organization", "owner_org"}:
        if value == CENTER_ORG:
            return str(center_org(city)["title"])
        agency = Agency.objects.filter(code=value).first()
        return agency.name if agency else value
    if facet == "groups":
        theme = search.group_theme(value)
        return str(Theme(theme).label) if theme else value
    if facet == "license_id" and value in Licence.values:
        return str(Licence(value).label)
    return value


def _organizations(city: City | None) -> list[tuple[dict[str, Any], int]]:
    counts: dict[str, int] = {}
    for code in public_datasets().values_list("publisher__code", flat=True):
        key = code or CENTER_ORG
        counts[key] = counts.get(key, 0) + 1
    orgs = [(center_org(city), counts.get(CENTER_ORG, 0))]
    orgs += [(agency_org(a), counts.get(a.code, 0)) for a in Agency.objects.filter(is_active=True)]
    return orgs


def organization_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    """The organizations (the command center and the active agencies): names, or objects
    with ``all_fields``; ``sort`` by name, title or package_count; ``limit``, ``offset``."""
    limit = _int(params, "limit", 1000, maximum=ROWS_MAX)
    offset = _int(params, "offset", 0)
    all_fields = _bool(params, "all_fields")
    sort = str(params.get("sort", "") or "name asc").strip()
    orgs = _organizations(City.current())
    keys = {
        "name": lambda o: o[0]["name"],
        "title": lambda o: o[0]["title"].casefold(),
        "package_count": lambda o: o[1],
    }
    match = re.fullmatch(r"(\w+)(?:\s+(asc|desc))?", sort)
    if not match or match.group(1) not in keys:
        raise invalid("sort", "Unknown sort field")
    orgs.sort(key=keys[match.group(1)], reverse=match.group(2) == "desc")
    page = orgs[offset : offset + limit]
    if all_fields:
        return [org | {"package_count": count} for org, count in page]
    return [org["name"] for org, _count in page]


def organization_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """One organization by name or id; ``include_datasets`` adds its datasets."""
    wanted = _required(params, "id")
    city = City.current()
    for org, count in _organizations(city):
        if wanted in {org["id"], org["name"]}:
            result = org | {"package_count": count}
            if _bool(params, "include_datasets"):
                datasets = (
                    public_datasets().filter(publisher__isnull=True)
                    if org["name"] == CENTER_ORG
                    else public_datasets().filter(publisher__code=org["name"])
                )
                result["packages"] = [package_dict(request, d, city) for d in datasets[:1000]]
            return result
    raise not_found()


def status_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """The site's title, address and CKAN API version."""
    city = City.current()
    return {
        "site_title": city.command_center_name if city else "Kendali",
        "site_description": _("Data terbuka command center kota"),
        "site_url": absolute(request, "/"),
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": "id",
        "extensions": ["dcat", "kendali"],
    }


def license_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    """The licences datasets may carry."""
    return [
        {
            "id": value,
            "title": str(label),
            "url": Licence.url(value),
            "family": "",
            "maintainer": "",
            "status": "active",
            "domain_content": True,
            "domain_data": True,
            "domain_software": False,
            "is_generic": False,
            "od_conformance": "approved",
            "osd_conformance": "not reviewed",
        }
        for value, label in Licence.choices
    ]


def tag_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Tags of public datasets, by name; ``query`` keeps those containing it, ``all_fields``
    returns objects."""
    query = _text(params, "query").casefold()
    if _text(params, "vocabulary_id"):
        return []  # Kendali's tags are free tags, in no vocabulary
    names = sorted(
        {
            tag
            for keywords in public_datasets().values_list("keywords", flat=True)
            for tag in (t.strip() for t in keywords.split(","))
            if tag
        }
    )
    names = [n for n in names if query in n.casefold()]
    if _bool(params, "all_fields"):
        return [
            {"id": n, "name": n, "display_name": n, "vocabulary_id": None, "state": "active"}
            for n in names
        ]
    return names


def _groups() -> list[tuple[dict[str, Any], int]]:
    counts: dict[str, int] = {}
    for theme in public_datasets().values_list("theme", flat=True):
        counts[theme] = counts.get(theme, 0) + 1
    return [(group_dict(theme), counts.get(theme, 0)) for theme in Theme.values]


def group_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    """The groups (one per DCAT theme): names, or objects with ``all_fields``; ``groups``
    keeps the named ones; sort by name, title or package_count."""
    limit = _int(params, "limit", 1000, maximum=ROWS_MAX)
    offset = _int(params, "offset", 0)
    wanted = set(_list(params, "groups"))
    sort = _text(params, "sort").strip() or "title asc"
    groups = [g for g in _groups() if not wanted or g[0]["name"] in wanted]
    keys: dict[str, Callable[[tuple[dict[str, Any], int]], Any]] = {
        "name": lambda g: g[0]["name"],
        "title": lambda g: g[0]["title"].casefold(),
        "package_count": lambda g: g[1],
    }
    match = re.fullmatch(r"(\w+)(?:\s+(asc|desc))?", sort)
    if not match or match.group(1) not in keys:
        raise invalid("sort", "Unknown sort field")
    groups.sort(key=keys[match.group(1)], reverse=match.group(2) == "desc")
    page = groups[offset : offset + limit]
    if _bool(params, "all_fields"):
        return [group | {"package_count": count} for group, count in page]
    return [group["name"] for group, _count in page]


def group_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """One group by name or id; ``include_datasets`` adds its datasets."""
    theme = search.group_theme(_required(params, "id"))
    if theme is None:
        raise not_found()
    datasets = public_datasets().filter(theme=theme)
    result = group_dict(theme) | {"package_count": datasets.count()}
    if _bool(params, "include_datasets"):
        city = City.current()
        result["packages"] = [package_dict(request, d, city) for d in datasets[:1000]]
    return result


def help_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """The documentation of an action (``name``)."""
    function = ACTIONS.get(_required(params, "name"))
    if function is None:
        raise not_found("Action function not found")
    return inspect.getdoc(function) or ""


def datastore_search(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Search the rows of a tabular resource: resource_id, filters, q, fields, sort, limit
    (default 100, at most 32000), offset, distinct, include_total, records_format (objects,
    lists, csv, tsv)."""
    return datastore.search(request, params)


def datastore_info(request: HttpRequest, params: dict[str, Any]) -> Any:
    """The columns and row count of a tabular resource (``id`` or ``resource_id``)."""
    return datastore.info(request, params)


ACTIONS: dict[str, Callable[[HttpRequest, dict[str, Any]], Any]] = {
    "package_list": package_list,
    "current_package_list_with_resources": current_package_list_with_resources,
    "package_show": package_show,
    "package_search": package_search,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "group_list": group_list,
    "group_show": group_show,
    "tag_list": tag_list,
    "resource_show": resource_show,
    "status_show": status_show,
    "license_list": license_list,
    "help_show": help_show,
    "datastore_search": datastore_search,
    "datastore_info": datastore_info,
}


def _check_text(params: dict[str, Any]) -> None:
    """Refuse a lone UTF-16 surrogate or a NUL anywhere in the parameters (a JSON body may
    carry "\\ud800" or "\\u0000"): the database could neither store nor compare them."""
    stack: list[tuple[str, Any]] = list(params.items())
    while stack:
        name, value = stack.pop()
        if isinstance(value, str):
            if has_surrogate(value):
                raise invalid(name, "Invalid text: a lone UTF-16 surrogate")
            if "\x00" in value:
                raise invalid(name, "Invalid text: a NUL character")
        elif isinstance(value, dict):
            stack.extend((name, v) for v in value.values())
            stack.extend((name, k) for k in value)
        elif isinstance(value, list):
            stack.extend((name, v) for v in value)


def _params(request: HttpRequest) -> dict[str, Any]:
    params: dict[str, Any] = {k: v for k, v in request.GET.items()}
    if request.method == "POST":
        if request.content_type == "application/json" or request.body[:1] in {b"{"}:
            try:
                body = json.loads(request.body or b"{}")
            except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
                raise CkanError(
                    400, "Bad request", "Bad request - JSON Error: cannot decode the body"
                ) from None
            if not isinstance(body, dict):
                raise CkanError(
                    400, "Bad request", "Bad request - JSON Error: body must be an object"
                )
            params.update(body)
        else:
            params.update({k: v for k, v in request.POST.items()})
    return params


def _envelope(request: HttpRequest, name: str) -> str:
    return absolute(request, reverse("opendata:ckan", args=["help_show"])) + f"?name={name}"


@csrf_exempt
def action(request: HttpRequest, name: str) -> JsonResponse:
    help_url = _envelope(request, name)
    try:
        if request.method not in {"GET", "POST"}:
            raise CkanError(
                400, "Bad request", f"Bad request - method {request.method} not allowed"
            )
        function = ACTIONS.get(name)
        if function is None:
            raise CkanError(400, "Bad request", f"Bad request - Action name not known: {name}")
        params = _params(request)
        _check_text(params)
        result = function(request, params)
    except datastore.DatastoreError as exc:
        error = {"__type": exc.kind, **exc.detail}
        body = {"help": help_url, "success": False, "error": error}
        return JsonResponse(body, status=exc.status, json_dumps_params={"ensure_ascii": False})
    except CkanError as exc:
        body = {"help": help_url, "success": False, "error": exc.error}
        return JsonResponse(body, status=exc.status, json_dumps_params={"ensure_ascii": False})
    return JsonResponse(
        {"help": help_url, "success": True, "result": result},
        json_dumps_params={"ensure_ascii": False},
    )
