"""Shared fixtures: a small city with two kecamatan, two agencies, and named people with clear
access: an operator, a supervisor, an officer of agency A, an officer of agency B who must be
refused, read-only roles, and a citizen (the anonymous client)."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from PIL import Image

from kendali.agencies.models import Agency, ApiToken, User
from kendali.cities import lookup
from kendali.cities.importer import AreaFeature, import_areas
from kendali.cities.models import Area, City
from kendali.lib.cache import clear_all
from kendali.reports import actions
from kendali.reports.models import Category, Report, RoutingRule

# Two square kecamatan side by side near Bandung's centre, each with kelurahan.
#   Kec. Barat   lon 107.55–107.60   Kec. Timur lon 107.60–107.65   lat −6.95 … −6.90
WEST = (107.55, 107.60)
EAST = (107.60, 107.65)
SOUTH, NORTH = -6.95, -6.90
INSIDE_WEST = (-6.925, 107.575)  # (lat, lon)
INSIDE_EAST = (-6.925, 107.625)
OUTSIDE = (-6.2, 106.8)  # Jakarta
SECRET_CONTACT = "rahasia.pelapor.7731@example.org"
SECRET_NAME = "Pelapor Rahasia Zzyzx"


def square(lon0: float, lon1: float, lat0: float, lat1: float) -> dict[str, Any]:
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture(scope="session", autouse=True)
def _end_server_sessions(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """End the sessions the in-process servers' threads kept, so the test database can go."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                connection.close()


@pytest.fixture(scope="session", autouse=True)
def _audit_log_flushable() -> Iterator[None]:
    """Transactional tests empty every table afterwards, the append-only audit log too."""
    from kendali.audit.maintenance import flush_allowed

    with flush_allowed():
        yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request to /en/ leaves English active in the thread; the next test starts without it."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Any) -> Iterator[None]:
    """Each test gets its own media folder and audit checkpoint file, an empty cache and no
    rate limits. Signed-in test clients (``force_login``) show no second factor, so no role
    needs one unless a test asks (the `two_factor_required` fixture)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    settings.REPORT_RATE = ""
    settings.LOGIN_RATE = ""
    settings.TOKEN_RATE = ""
    settings.TWO_FACTOR_REQUIRED_ROLES = []
    _forget_caches()
    yield
    _forget_caches()


@pytest.fixture
def two_factor_required(settings: Any) -> list[str]:
    """The roles that need a second factor, as a deployment has them by default."""
    settings.TWO_FACTOR_REQUIRED_ROLES = ["supervisor", "admin", "agency_admin", "auditor"]
    return list(settings.TWO_FACTOR_REQUIRED_ROLES)


def _forget_caches() -> None:
    """Per-process caches of small tables: a rolled-back test must not leave rows in them."""
    cache.clear()
    lookup.invalidate()
    clear_all()


@dataclass
class World:
    city: City
    west: Area
    east: Area
    west_north: Area
    agency_a: Agency
    agency_b: Agency
    road: Category
    rubbish: Category
    flood: Category


@pytest.fixture
def world(db: Any) -> World:
    city = City.objects.create(
        name="Kota Uji",
        slug="uji",
        latitude=-6.925,
        longitude=107.6,
        command_center_name="Uji Command Center",
        about_ind="Tentang **pusat kendali** uji.",
    )
    features = [
        AreaFeature(1, "barat", "Barat", "kecamatan", "", square(*WEST, SOUTH, NORTH)),
        AreaFeature(2, "timur", "Timur", "kecamatan", "", square(*EAST, SOUTH, NORTH)),
        AreaFeature(
            3, "barat-utara", "Barat Utara", "kelurahan", "barat", square(*WEST, -6.925, NORTH)
        ),
        AreaFeature(
            4, "barat-selatan", "Barat Selatan", "kelurahan", "barat", square(*WEST, SOUTH, -6.925)
        ),
        AreaFeature(
            5, "timur-satu", "Timur Satu", "kelurahan", "timur", square(*EAST, SOUTH, NORTH)
        ),
    ]
    import_areas(features, city)
    agency_a = Agency.objects.create(code="dpu", short_name="DPU", name="Dinas Pekerjaan Umum")
    agency_b = Agency.objects.create(code="dlh", short_name="DLH", name="Dinas Lingkungan Hidup")
    bpbd = Agency.objects.create(
        code="bpbd", short_name="BPBD", name="Badan Penanggulangan Bencana"
    )
    road = Category.objects.create(
        code="jalan-rusak", name_ind="Jalan rusak", name_en="Damaged road", default_agency=agency_a
    )
    rubbish = Category.objects.create(
        code="sampah", name_ind="Sampah", name_en="Rubbish", default_agency=agency_b
    )
    flood = Category.objects.create(
        code="banjir",
        name_ind="Banjir",
        name_en="Flood",
        default_agency=agency_a,
        default_priority="high",
    )
    RoutingRule.objects.create(category=flood, area=Area.objects.get(code="timur"), agency=bpbd)
    return World(
        city=city,
        west=Area.objects.get(code="barat"),
        east=Area.objects.get(code="timur"),
        west_north=Area.objects.get(code="barat-utara"),
        agency_a=agency_a,
        agency_b=agency_b,
        road=road,
        rubbish=rubbish,
        flood=flood,
    )


def _user(username: str, role: str, agency: Agency | None = None) -> User:
    user = User(username=username, role=role, agency=agency, first_name=username.title())
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def operator(world: World) -> User:
    return _user("operator", "operator")


@pytest.fixture
def supervisor(world: World) -> User:
    return _user("supervisor", "supervisor")


@pytest.fixture
def officer_a(world: World) -> User:
    return _user("petugas.dpu", "agency_officer", world.agency_a)


@pytest.fixture
def officer_b(world: World) -> User:
    """An officer of another agency, who must be refused everything about agency A's reports."""
    return _user("petugas.dlh", "agency_officer", world.agency_b)


@pytest.fixture
def executive(world: World) -> User:
    return _user("pimpinan", "executive")


@pytest.fixture
def auditor(world: World) -> User:
    return _user("auditor", "auditor")


def bearer(user: User, scopes: str = "read write") -> dict[str, str]:
    _token, secret = ApiToken.issue(user, "test", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def citizen() -> Client:
    return Client()


def new_report(world: World, **overrides: Any) -> actions.NewReport:
    values: dict[str, Any] = {
        "category": world.road.code,
        "description": "Jalan berlubang besar di depan sekolah, bahaya untuk motor.",
        "latitude": INSIDE_WEST[0],
        "longitude": INSIDE_WEST[1],
        "address": "Jl. Uji No. 1",
        "reporter_name": SECRET_NAME,
        "reporter_contact": SECRET_CONTACT,
    }
    values.update(overrides)
    return actions.NewReport(**values)


@pytest.fixture
def make_report(world: World) -> Any:
    def make(**overrides: Any) -> Report:
        return actions.create_report(new_report(world, **overrides), channel="web")

    return make


@pytest.fixture
def disposed_report(make_report: Any, operator: User, world: World) -> Report:
    """A road report verified and sent to agency A."""
    report = make_report()
    actions.verify_report(report, operator)
    actions.dispose_report(report, operator, agency=world.agency_a)
    report.refresh_from_db()
    return report


def jpeg_bytes(size: tuple[int, int] = (64, 48), exif: bytes | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    output = io.BytesIO()
    if exif is not None:
        image.save(output, format="JPEG", exif=exif)
    else:
        image.save(output, format="JPEG")
    return output.getvalue()


# ---------------------------------------------------------------------------------------------
# A real ASGI server (uvicorn) in a thread of the test process, for SSE and browser tests.


class LiveServer:
    def __init__(self) -> None:
        import uvicorn

        config = uvicorn.Config(
            "kendali.asgi:application",
            host="127.0.0.1",
            port=0,
            lifespan="off",
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_url(transactional_db: Any, settings: Any) -> Iterator[str]:
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    server = LiveServer()
    url = server.start()
    yield url
    server.stop()


# ---------------------------------------------------------------------------------------------
# Procedures: working calendars, SLA policies, an escalation ladder and a published SOP.


@dataclass
class Procedures:
    office: Any
    always: Any
    ladder: Any
    policy: Any
    sop: Any
    version: Any


@pytest.fixture
def procedures(world: World, operator: User, supervisor: User) -> Procedures:
    from datetime import date, time

    from kendali.sla.models import (
        Calendar,
        EscalationLadder,
        EscalationLevel,
        Holiday,
        SLAPolicy,
        WorkingHours,
    )
    from kendali.sops import actions as sop_actions
    from kendali.sops.actions import StepSpec

    # Only the holiday written here (not the holidays package's), so dates in tests stay simple.
    office = Calendar.objects.create(code="kerja", name="Kerja", holiday_country="")
    for day in range(5):
        WorkingHours.objects.create(calendar=office, weekday=day, start=time(8), end=time(16))
    Holiday.objects.create(calendar=office, date=date(2026, 8, 17), name="Kemerdekaan")
    always = Calendar.objects.create(code="24-7", name="24/7", always_open=True)
    ladder = EscalationLadder.objects.create(code="standar", name="Standar")
    EscalationLevel.objects.create(
        ladder=ladder, level=1, delay_minutes=60, recipients=["shift_supervisor"]
    )
    EscalationLevel.objects.create(
        ladder=ladder, level=2, delay_minutes=240, recipients=["executive", "agency_head"]
    )
    policy = SLAPolicy.objects.create(
        name="Standar",
        calendar=office,
        verify_minutes=3 * 480,
        dispose_minutes=480,
        first_response_minutes=5 * 480,
        resolve_minutes=14 * 480,
        ladder=ladder,
    )
    SLAPolicy.objects.create(
        name="Darurat",
        priority="urgent",
        calendar=always,
        verify_minutes=15,
        dispose_minutes=15,
        first_response_minutes=30,
        resolve_minutes=240,
        ladder=ladder,
    )
    sop = sop_actions.create_sop(
        operator, code="sop-jalan", title="Jalan rusak", category_codes=["jalan-rusak"]
    )
    version = sop.versions.get()
    sop_actions.update_settings(
        version, operator, change_note="", enforce_order=True, calendar=office
    )
    sop_actions.save_steps(
        version,
        operator,
        [
            StepSpec(
                "Konfirmasi lokasi", owner_role="operator", time_limit_minutes=240, evidence="note"
            ),
            StepSpec(
                "Survei lapangan",
                owner_role="agency_officer",
                time_limit_minutes=480,
                evidence="photo",
            ),
            StepSpec(
                "Perlu rambu darurat?",
                owner_role="agency_officer",
                kind="decision",
                yes_step=4,
                no_step=5,
            ),
            StepSpec("Pasang rambu", owner_role="agency_officer", time_limit_minutes=120),
            StepSpec("Perbaikan", owner_role="agency_officer", time_limit_minutes=2400),
            StepSpec("Pantau seminggu", owner_role="agency_officer", required=False),
        ],
    )
    sop_actions.submit_for_review(version, operator)
    sop_actions.approve(version, supervisor)
    sop_actions.publish(version, supervisor)
    return Procedures(office, always, ladder, policy, sop, version)
