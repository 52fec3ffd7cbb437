"""A subset of CKAN's Action API at /api/3/action/ (and /api/action/, which ckanapi calls), with
CKAN's ``{help, success, result}`` envelope and CKAN-style errors, so Satu Data portals and
CKAN harvesters can read the city's open data."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from kendali.agencies.models import Agency
from kendali.cities.models import City
from kendali.lib.links import absolute
from kendali.opendata.access import public_dataset, public_datasets, public_resource
from kendali.opendata.choices import FORMATS, Licence
from kendali.opendata.models import Dataset, Resource

CKAN_VERSION = "2.10.5"  # the CKAN API version whose shapes these answers follow
CENTER_ORG = "command-center"
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
    return timezone.localtime(value).isoformat() if value else None


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
        "datastore_active": False,
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
        "metadata_modified": _time(dataset.modified_at),
        "author": organization["title"],
        "maintainer": organization["title"],
        "maintainer_email": (city.email if city else "") or None,
        "url": page,
        "version": None,
        "owner_org": organization["id"],
        "organization": organization,
        "groups": [],
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
                "value": absolute(request, reverse("opendata:dataset-jsonld", args=[dataset.name])),
            },
        ],
    }


# ---------------------------------------------------------------------------------------------
# Parameters


def _int(params: dict[str, Any], name: str, default: int, *, maximum: int | None = None) -> int:
    raw = params.get(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise invalid(name, "Invalid integer") from None
    if value < 0:
        raise invalid(name, "Must be a natural number")
    if maximum is not None and value > maximum:
        raise invalid(name, f"Must be less than or equal to {maximum}")
    return value


def _bool(params: dict[str, Any], name: str, default: bool = False) -> bool:
    raw = params.get(name, default)
    if isinstance(raw, bool):
        return raw
    return str(raw).strip().lower() in {"true", "1", "yes", "on"}


def _required(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    if value in (None, ""):
        raise invalid(name, "Missing value")
    return str(value)


# ---------------------------------------------------------------------------------------------
# Actions


def package_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    limit = _int(params, "limit", 1000, maximum=ROWS_MAX)
    offset = _int(params, "offset", 0)
    names = public_datasets().order_by("name").values_list("name", flat=True)
    return list(names[offset : offset + limit])


def current_package_list_with_resources(request: HttpRequest, params: dict[str, Any]) -> Any:
    limit = _int(params, "limit", 10, maximum=ROWS_MAX)
    offset = _int(params, "offset", _int(params, "page", 0) * limit)
    city = City.current()
    rows = public_datasets().order_by("-modified_at", "name")[offset : offset + limit]
    return [package_dict(request, d, city) for d in rows]


def package_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    dataset = public_dataset(_required(params, "id"))
    if dataset is None:
        raise not_found()
    return package_dict(request, dataset, City.current())


def resource_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    resource = public_resource(_required(params, "id"))
    if resource is None:
        raise not_found()
    return resource_dict(request, resource)


SEARCH_FIELDS: dict[str, Callable[[Dataset], list[str]]] = {
    "name": lambda d: [d.name],
    "id": lambda d: [str(d.uuid)],
    "title": lambda d: [d.title_ind or "", d.title_en or ""],
    "organization": lambda d: [d.publisher.code if d.publisher else CENTER_ORG],
    "owner_org": lambda d: [d.publisher.code if d.publisher else CENTER_ORG],
    "tags": lambda d: d.tags,
    "res_format": lambda d: [r.format for r in d.resources.all()],
    "license_id": lambda d: [d.licence],
    "frequency": lambda d: [d.frequency],
    "kind": lambda d: [d.kind],
}
SORT_KEYS: dict[str, Callable[[Dataset], Any]] = {
    "name": lambda d: d.name,
    "title_string": lambda d: (d.title_ind or "").casefold(),
    "metadata_modified": lambda d: d.modified_at,
    "metadata_created": lambda d: d.created_at,
    "num_resources": lambda d: len(d.resources.all()),
}


def _terms(text: str, param: str) -> list[tuple[str | None, str]]:
    try:
        parts = shlex.split(text.replace(" AND ", " "))
    except ValueError:
        raise CkanError(409, "Search Query Error", f"{param}: unbalanced quotes") from None
    terms: list[tuple[str | None, str]] = []
    for part in parts:
        if part in {"*:*", "*"}:
            continue
        field, sep, value = part.partition(":")
        if sep:
            field = field.lstrip("+")
            if field not in SEARCH_FIELDS:
                raise CkanError(409, "Search Query Error", f"{param}: unknown field {field}")
            terms.append((field, value.strip('"')))
        else:
            terms.append((None, part))
    return terms


def _matches(dataset: Dataset, terms: list[tuple[str | None, str]]) -> bool:
    for field, value in terms:
        wanted = value.casefold()
        if field is None:
            text = " ".join(
                [
                    dataset.name,
                    dataset.title_ind or "",
                    dataset.title_en or "",
                    dataset.notes_ind or "",
                    dataset.notes_en or "",
                    *dataset.tags,
                ]
            ).casefold()
            if wanted not in text:
                return False
        elif wanted not in {v.casefold() for v in SEARCH_FIELDS[field](dataset)}:
            return False
    return True


def package_search(request: HttpRequest, params: dict[str, Any]) -> Any:
    rows = _int(params, "rows", 10, maximum=ROWS_MAX)
    start = _int(params, "start", 0)
    terms = _terms(str(params.get("q", "") or ""), "q")
    fq = params.get("fq", "") or ""
    if isinstance(fq, list):
        fq = " ".join(str(f) for f in fq)
    terms += _terms(str(fq), "fq")
    sort = str(params.get("sort", "") or "score desc, metadata_modified desc")
    order: list[tuple[Callable[[Dataset], Any], bool]] = []
    for clause in sort.split(","):
        match = re.fullmatch(r"\s*(\w+)(?:\s+(asc|desc))?\s*", clause)
        if not match:
            raise CkanError(409, "Search Query Error", f"sort: cannot read '{clause}'")
        key, direction = match.group(1), match.group(2) or "asc"
        if key == "score":
            continue
        if key not in SORT_KEYS:
            raise CkanError(409, "Search Query Error", f"sort: unknown field {key}")
        order.append((SORT_KEYS[key], direction == "desc"))
    found = [d for d in public_datasets() if _matches(d, terms)]
    for key_fn, reverse_order in reversed(order):
        found.sort(key=key_fn, reverse=reverse_order)
    city = City.current()
    return {
        "count": len(found),
        "sort": sort,
        "facets": {},
        "search_facets": {},
        "results": [package_dict(request, d, city) for d in found[start : start + rows]],
    }


def _organizations(city: City | None) -> list[tuple[dict[str, Any], int]]:
    counts: dict[str, int] = {}
    for code in public_datasets().values_list("publisher__code", flat=True):
        key = code or CENTER_ORG
        counts[key] = counts.get(key, 0) + 1
    orgs = [(center_org(city), counts.get(CENTER_ORG, 0))]
    orgs += [(agency_org(a), counts.get(a.code, 0)) for a in Agency.objects.filter(is_active=True)]
    return orgs


def organization_list(request: HttpRequest, params: dict[str, Any]) -> Any:
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
    return [
        {"id": value, "title": str(label), "url": Licence.url(value), "od_conformance": "approved"}
        for value, label in Licence.choices
    ]


ACTIONS: dict[str, Callable[[HttpRequest, dict[str, Any]], Any]] = {
    "package_list": package_list,
    "current_package_list_with_resources": current_package_list_with_resources,
    "package_show": package_show,
    "package_search": package_search,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "resource_show": resource_show,
    "status_show": status_show,
    "license_list": license_list,
}


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
        result = function(request, _params(request))
    except CkanError as exc:
        body = {"help": help_url, "success": False, "error": exc.error}
        return JsonResponse(body, status=exc.status, json_dumps_params={"ensure_ascii": False})
    return JsonResponse(
        {"help": help_url, "success": True, "result": result},
        json_dumps_params={"ensure_ascii": False},
    )
