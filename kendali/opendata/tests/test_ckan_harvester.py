"""ckanext-harvest's CKAN harvester, replayed against a live Kendali on loopback.

The harvester's gather stage (``ckanharvester.py``) asks ``package_search`` with
``rows=100``, ``start=0, 100, ...`` and ``sort=id asc`` until a page comes back empty; its
``fq`` joins the organization filter (``organization:a OR organization:b`` to include,
``-organization:a`` per organization to exclude) and, on an incremental run, the range
``metadata_modified:[<last error-free gather start - 1 h, UTC>Z TO *]``. It keeps the dataset
dicts of the search (no ``package_show``) and, with ``remote_orgs``/``remote_groups`` set to
``create``, reads ``organization_show`` and ``group_show`` for what it lacks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
import time_machine

from kendali.opendata.actions import refresh_all
from kendali.opendata.choices import DatasetKind
from kendali.opendata.models import Dataset
from kendali.reports import actions


class Harvester:
    """The CKAN harvester's requests, with its paging and duplicate checks."""

    def __init__(self, base_url: str, config: dict[str, Any]) -> None:
        self.base_url = base_url.rstrip("/")
        self.config = config
        self.last_gather_started: datetime | None = None
        self.requests: list[dict[str, str]] = []

    def _fq_terms(self) -> list[str]:
        include = self.config.get("organizations_filter_include", [])
        exclude = self.config.get("organizations_filter_exclude", [])
        if include:
            return [" OR ".join(f"organization:{name}" for name in include)]
        return [f"-organization:{name}" for name in exclude]

    def gather(self) -> list[dict[str, Any]]:
        started = datetime.now(UTC).replace(tzinfo=None)  # naive UTC, like the harvest job's
        terms = self._fq_terms()
        if self.last_gather_started is not None:
            since = (self.last_gather_started - timedelta(hours=1)).isoformat()
            terms = [*terms, f"metadata_modified:[{since}Z TO *]"]
        found = self._search(terms)
        self.last_gather_started = started
        return found

    def _search(self, fq_terms: list[str]) -> list[dict[str, Any]]:
        params = {"rows": "100", "start": "0", "sort": "id asc"}
        if fq_terms:
            params["fq"] = " ".join(fq_terms)
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        previous = None
        while True:
            self.requests.append(dict(params))
            response = requests.get(
                self.base_url + "/api/3/action/package_search", params=params, timeout=30
            )
            assert response.status_code == 200, response.text
            assert response.text != previous, "the paging doesn't seem to work"
            previous = response.text
            page = response.json()["result"]["results"]
            ids = {p["id"] for p in page}
            found += [p for p in page if p["id"] not in seen]
            seen |= ids
            if not page:
                return found
            params["start"] = str(int(params["start"]) + int(params["rows"]))

    def remote(self, action: str, name: str) -> dict[str, Any]:
        response = requests.get(
            f"{self.base_url}/api/3/action/{action}", params={"id": name}, timeout=30
        )
        assert response.status_code == 200, response.text
        return response.json()["result"]


@pytest.fixture
def catalogue(datasets, world):
    """The four automatic datasets and 105 uploads across the center and two agencies, all
    last changed five hours ago."""
    publishers = [None, world.agency_a, world.agency_b]
    Dataset.objects.bulk_create(
        Dataset(
            uuid=uuid.uuid4(),
            name=f"unggahan-{n:03d}",
            kind=DatasetKind.UPLOAD,
            title_ind=f"Unggahan {n}",
            publisher=publishers[n % 3],
            keywords="uji",
        )
        for n in range(105)
    )
    long_ago = datetime.now(UTC) - timedelta(hours=5)
    Dataset.objects.update(created_at=long_ago, modified_at=long_ago, data_modified_at=long_ago)
    return Dataset.objects.filter(is_published=True)


def _names(packages):
    return [p["name"] for p in packages]


@pytest.mark.django_db(transaction=True)
def test_a_first_then_an_incremental_harvest(live_url, catalogue, make_report, operator, world):
    everything = Harvester(live_url, {})
    first = everything.gather()
    assert sorted(_names(first)) == sorted(catalogue.values_list("name", flat=True))
    assert len(first) == len(set(_names(first))) == 109
    assert [r["start"] for r in everything.requests] == ["0", "100", "200"]
    assert [p["id"] for p in first] == sorted(p["id"] for p in first)  # sort=id asc
    for package in first:
        modified = datetime.fromisoformat(package["metadata_modified"])
        assert modified.tzinfo is None  # UTC without an offset, as CKAN writes it

    included = Harvester(
        live_url,
        {"organizations_filter_include": ["command-center", "dpu"], "remote_orgs": "create"},
    )
    excluded = Harvester(live_url, {"organizations_filter_exclude": ["command-center"]})
    in_first = included.gather()
    out_first = excluded.gather()
    assert {p["organization"]["name"] for p in in_first} == {"command-center", "dpu"}
    assert len(in_first) == 4 + 35 + 35
    assert {p["organization"]["name"] for p in out_first} == {"dpu", "dlh"}
    assert len(out_first) == 70
    assert included.requests[0]["fq"] == "organization:command-center OR organization:dpu"
    assert excluded.requests[0]["fq"] == "-organization:command-center"
    for org in {p["owner_org"] for p in in_first}:
        assert included.remote("organization_show", org)["name"] == org
    for group in {g["name"] for p in in_first for g in p["groups"]}:
        assert included.remote("group_show", group)["name"] == group

    # A change: a new verified report moves laporan-warga's data; an agency edits another.
    report = make_report()
    actions.verify_report(report, operator)
    refresh_all()
    Dataset.objects.filter(name="unggahan-002").update(
        title_ind="Unggahan 2 (diperbaiki)", modified_at=datetime.now(UTC)
    )  # as the admin's save does; unggahan-002 belongs to dlh

    # The next runs, two hours later, ask for changes since an hour before the first.
    now = datetime.now(UTC)
    with time_machine.travel(now + timedelta(hours=2), tick=True):
        assert sorted(_names(everything.gather())) == ["laporan-warga", "unggahan-002"]
        assert _names(included.gather()) == ["laporan-warga"]
        assert _names(excluded.gather()) == ["unggahan-002"]
    since = included.requests[-1]["fq"]
    assert since.startswith("organization:command-center OR organization:dpu metadata_modified:[")
    assert since.endswith("Z TO *]")

    # Two more hours on, with nothing changed: nothing is found, in one request.
    calls = len(everything.requests)
    with time_machine.travel(now + timedelta(hours=4), tick=True):
        assert everything.gather() == []
    assert len(everything.requests) == calls + 1
