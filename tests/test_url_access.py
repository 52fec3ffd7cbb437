"""Every URL pattern of the project says who may use it and which test shows it.

The table below is walked against ``django.urls.get_resolver()``: a new route without an entry
fails, and so does an entry whose route is gone or whose covering test file does not mention
it. Then each kind is checked for a stranger (no session, no token): console pages send them to
the login page (or answer 403/404), staff and token endpoints of the API answer 401, the admin
site sends them to its own login, and public routes never answer 5xx. The habit of Healthchecks'
``test_it_checks_ownership``, applied to every route.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from conftest import bearer, jpeg_bytes

ROOT = Path(__file__).resolve().parent.parent
PUBLIC, STAFF, TOKEN, ADMIN = "public", "staff", "token", "admin"
HERE = "tests/test_url_access.py"

# url name (or route, for unnamed ones) → (who may use it, the test file that covers it)
ACCESS: dict[str, tuple[str, str]] = {
    # Operations
    "healthz": (PUBLIC, "kendali/reports/tests/test_durability.py"),
    "readyz": (PUBLIC, HERE),
    "events": (STAFF, "kendali/console/tests/test_events.py"),
    # The JSON API
    "api:api-root": (PUBLIC, HERE),
    "api:openapi-json": (PUBLIC, "kendali/reports/tests/test_openapi.py"),
    "api:openapi-view": (PUBLIC, HERE),
    "api:list_categories": (PUBLIC, "kendali/reports/tests/test_api_public.py"),
    "api:create_report": (PUBLIC, "kendali/reports/tests/test_api_intake.py"),
    "api:list_public_reports": (PUBLIC, "kendali/reports/tests/test_api_public.py"),
    "api:get_public_report": (PUBLIC, "kendali/reports/tests/test_ticket_guessing.py"),
    "api:list_staff_reports": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:get_staff_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:verify_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:hold_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:resume_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:reject_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:duplicate_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:dispose_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:start_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:return_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:close_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:reopen_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:priority_report": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:resolve": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:add_update": (STAFF, "kendali/reports/tests/test_api_staff.py"),
    "api:public_map": (PUBLIC, "kendali/reports/tests/test_api_public.py"),
    "api:staff_map": (STAFF, "kendali/reports/tests/test_console.py"),
    "api:staff_photo_file": (STAFF, HERE),
    "api:list_sops": (PUBLIC, "kendali/sops/tests/test_console.py"),
    "api:get_sop": (PUBLIC, "kendali/sops/tests/test_console.py"),
    "api:complete_step": (STAFF, "kendali/sops/tests/test_console.py"),
    "api:skip_step": (STAFF, "kendali/sops/tests/test_console.py"),
    "api:list_areas": (PUBLIC, "kendali/reports/tests/test_api_public.py"),
    "api:area_map": (PUBLIC, "kendali/reports/tests/test_api_public.py"),
    "api:list_agencies": (PUBLIC, "kendali/reports/tests/test_portal_no_personal_data.py"),
    "api:me": (STAFF, HERE),
    "api:list_sensors": (PUBLIC, "kendali/telemetry/tests/test_api.py"),
    "api:get_sensor": (PUBLIC, "kendali/telemetry/tests/test_api.py"),
    "api:sensor_readings": (PUBLIC, "kendali/telemetry/tests/test_api.py"),
    "api:sensors_map": (PUBLIC, "kendali/telemetry/tests/test_contracts.py"),
    "api:post_readings": (TOKEN, "kendali/telemetry/tests/test_ingest_http.py"),
    # The tracker id is the secret (the OsmAnd protocol has no other): telemetry.trackers.
    "api:osmand_position": (PUBLIC, "kendali/telemetry/tests/test_tracker_secrets.py"),
    "api:owntracks_position": (TOKEN, "kendali/telemetry/tests/test_tracker_secrets.py"),
    "api:list_cameras": (STAFF, "kendali/telemetry/tests/test_api.py"),
    "api:list_vehicles": (STAFF, "kendali/telemetry/tests/test_api.py"),
    "api:set_vehicle_status": (STAFF, "kendali/telemetry/tests/test_fleet.py"),
    "api:nearest_vehicles": (STAFF, "kendali/telemetry/tests/test_dispatch.py"),
    "api:dispatch": (STAFF, "kendali/telemetry/tests/test_dispatch.py"),
    "api:list_alerts": (STAFF, "kendali/telemetry/tests/test_api.py"),
    "api:acknowledge": (STAFF, "kendali/telemetry/tests/test_api.py"),
    "api:telemetry_map": (STAFF, "kendali/telemetry/tests/test_console_map.py"),
    # The console
    "console:login": (PUBLIC, "kendali/console/tests/test_login.py"),
    # The second step of a login and the account's own security page (issue 13).
    "console:login-code": (PUBLIC, "kendali/agencies/tests/test_two_factor.py"),
    "console:security": (STAFF, "kendali/agencies/tests/test_two_factor.py"),
    "console:enrol": (PUBLIC, "kendali/agencies/tests/test_two_factor.py"),
    "console:security-renew": (STAFF, "kendali/agencies/tests/test_two_factor.py"),
    "console:security-remove": (STAFF, "kendali/agencies/tests/test_two_factor.py"),
    "console:logout": (PUBLIC, HERE),  # anyone may end their own session
    "console:notifications": (STAFF, "kendali/sops/tests/test_console.py"),
    "console:notifications-read": (STAFF, "kendali/sops/tests/test_console.py"),
    "reports-console:queue": (STAFF, "kendali/reports/tests/test_console.py"),
    "reports-console:map": (STAFF, "kendali/reports/tests/test_console.py"),
    "reports-console:detail": (STAFF, "kendali/reports/tests/test_console.py"),
    "reports-console:action": (STAFF, "kendali/reports/tests/test_console.py"),
    "reports-console:photo": (STAFF, "kendali/reports/tests/test_console.py"),
    "sops-console:list": (STAFF, "kendali/sops/tests/test_console.py"),
    "sops-console:new": (STAFF, "kendali/sops/tests/test_console.py"),
    "sops-console:detail": (STAFF, "kendali/sops/tests/test_console.py"),
    "sops-console:edit": (STAFF, "kendali/sops/tests/test_console.py"),
    "sops-console:action": (STAFF, "kendali/sops/tests/test_read_only_owners.py"),
    "sops-console:step-action": (STAFF, "kendali/sops/tests/test_console.py"),
    "audit-console:log": (STAFF, "kendali/audit/tests/test_console_last_verification.py"),
    "open311-console:keys": (STAFF, "kendali/open311/tests/test_console.py"),
    "open311-console:issue": (STAFF, "kendali/open311/tests/test_console.py"),
    "open311-console:revoke": (STAFF, "kendali/open311/tests/test_console.py"),
    "warnings-console:list": (STAFF, "kendali/warnings/tests/test_console.py"),
    "warnings-console:new": (STAFF, "kendali/warnings/tests/test_console.py"),
    "warnings-console:detail": (STAFF, "kendali/warnings/tests/test_console.py"),
    "warnings-console:edit": (STAFF, "kendali/warnings/tests/test_console.py"),
    "warnings-console:action": (STAFF, "kendali/warnings/tests/test_console.py"),
    "opendata-console:list": (STAFF, "kendali/opendata/tests/test_uploads.py"),
    "opendata-console:upload": (STAFF, "kendali/opendata/tests/test_uploads.py"),
    "opendata-console:refresh": (STAFF, "kendali/opendata/tests/test_uploads.py"),
    "opendata-console:publish": (STAFF, "kendali/opendata/tests/test_uploads.py"),
    "telemetry-console:overview": (STAFF, "kendali/telemetry/tests/test_console_map.py"),
    "telemetry-console:sensor": (STAFF, "kendali/telemetry/tests/test_console_map.py"),
    "telemetry-console:cameras": (STAFF, "kendali/telemetry/tests/test_camera_probes.py"),
    "telemetry-console:snapshot": (STAFF, "kendali/telemetry/tests/test_camera_probes.py"),
    "telemetry-console:vehicles": (STAFF, "kendali/telemetry/tests/test_vehicle_return.py"),
    "telemetry-console:vehicle-status": (STAFF, "kendali/telemetry/tests/test_vehicle_return.py"),
    "telemetry-console:report-fleet": (STAFF, "kendali/telemetry/tests/test_dispatch.py"),
    "telemetry-console:report-dispatch": (STAFF, "kendali/telemetry/tests/test_dispatch.py"),
    "telemetry-console:alert-ack": (STAFF, HERE),
    # Standards-facing machine endpoints
    "open311:root": (PUBLIC, "kendali/open311/tests/test_get_requests.py"),
    "open311:discovery": (PUBLIC, "kendali/open311/tests/test_get_requests.py"),
    "open311:services": (PUBLIC, "kendali/open311/tests/test_get_requests.py"),
    "open311:service": (PUBLIC, "kendali/open311/tests/test_get_requests.py"),
    "open311:requests": (PUBLIC, "kendali/open311/tests/test_post_requests.py"),  # POST: a key
    "open311:request": (PUBLIC, "kendali/open311/tests/test_get_requests.py"),
    "open311:token": (PUBLIC, "kendali/open311/tests/test_post_requests.py"),
    "open311:updates": (PUBLIC, "kendali/open311/tests/test_updates.py"),  # POST: a key
    "open311:unknown": (PUBLIC, "kendali/open311/tests/test_paths_without_format.py"),
    "warnings:feed": (PUBLIC, "kendali/warnings/tests/test_public.py"),
    "warnings:geojson": (PUBLIC, "kendali/warnings/tests/test_public.py"),
    "warnings:cap": (PUBLIC, "kendali/warnings/tests/test_cap.py"),
    "opendata:ckan": (PUBLIC, "kendali/opendata/tests/test_ckan.py"),
    "opendata:ckan-unversioned": (PUBLIC, "kendali/opendata/tests/test_ckan.py"),
    "opendata:catalog": (PUBLIC, "kendali/opendata/tests/test_dcat.py"),
    "opendata:catalog-as": (PUBLIC, "kendali/opendata/tests/test_dcat.py"),
    "opendata:dataset-as": (PUBLIC, "kendali/opendata/tests/test_dcat.py"),
    "opendata:dataset-rdf": (PUBLIC, "kendali/opendata/tests/test_dcat.py"),
    # How services perform (issue 10): console pages, the public page, the kiosk wall (the
    # secret in its address is the credential, like a tracker id).
    "api:list_kpis": (STAFF, "kendali/insights/tests/test_pages_and_api.py"),
    "api:get_kpi": (STAFF, "kendali/insights/tests/test_pages_and_api.py"),
    "insights-console:home": (STAFF, "kendali/insights/tests/test_pages_and_api.py"),
    "insights-console:dashboard": (STAFF, "kendali/insights/tests/test_pages_and_api.py"),
    "insights-console:league": (STAFF, "kendali/insights/tests/test_pages_and_api.py"),
    "insights-console:scorecard": (STAFF, "kendali/insights/tests/test_pages_and_api.py"),
    "insights-console:reports": (STAFF, "kendali/insights/tests/test_monthly_report.py"),
    "insights-console:report-file": (STAFF, "kendali/insights/tests/test_monthly_report.py"),
    "insights-console:wall": (STAFF, "kendali/insights/tests/test_wall.py"),
    "insights-console:wall-panel": (STAFF, "kendali/insights/tests/test_wall.py"),
    "insights-portal:performance": (PUBLIC, "kendali/insights/tests/test_pages_and_api.py"),
    "insights-portal:download": (PUBLIC, "kendali/insights/tests/test_pages_and_api.py"),
    "insights-wall:wall": (PUBLIC, "kendali/insights/tests/test_wall.py"),
    "insights-wall:panel": (PUBLIC, "kendali/insights/tests/test_wall.py"),
    "insights-wall:events": (PUBLIC, "kendali/insights/tests/test_wall.py"),
    "opendata:download": (PUBLIC, "kendali/opendata/tests/test_streaming.py"),
    "set_language": (PUBLIC, "kendali/console/tests/test_nav.py"),
    # The public website
    "portal:home": (PUBLIC, "kendali/portal/tests/test_pages.py"),
    "portal:robots": (PUBLIC, HERE),
    "cities-portal:about": (PUBLIC, "kendali/portal/tests/test_pages.py"),
    "reports-portal:new": (PUBLIC, "kendali/reports/tests/test_portal_form.py"),
    "reports-portal:thanks": (PUBLIC, "kendali/reports/tests/test_portal_form.py"),
    "reports-portal:track": (PUBLIC, "kendali/reports/tests/test_portal_tracking.py"),
    "reports-portal:track-detail": (PUBLIC, "kendali/reports/tests/test_portal_tracking.py"),
    "reports-portal:list": (PUBLIC, "kendali/portal/tests/test_pages.py"),
    "reports-portal:map": (PUBLIC, "kendali/portal/tests/test_pages.py"),
    "reports-portal:categories": (PUBLIC, "kendali/portal/tests/test_pages.py"),
    "reports-portal:photo": (PUBLIC, "kendali/reports/tests/test_portal_no_personal_data.py"),
    "sops-portal:list": (PUBLIC, "kendali/portal/tests/test_three_languages.py"),
    "sops-portal:detail": (PUBLIC, "kendali/portal/tests/test_three_languages.py"),
    "sops-portal:pdf": (PUBLIC, "kendali/sops/tests/test_console.py"),
    "warnings-portal:list": (PUBLIC, "kendali/warnings/tests/test_public.py"),
    "warnings-portal:detail": (PUBLIC, "kendali/warnings/tests/test_public.py"),
    "opendata-portal:list": (PUBLIC, "kendali/opendata/tests/test_datasets.py"),
    "opendata-portal:detail": (PUBLIC, "kendali/opendata/tests/test_datasets.py"),
    # Django's admin: every one of its routes (named or not) is for staff accounts signed in
    # there; a stranger is sent to its login page (checked below for each route).
    "admin/*": (ADMIN, HERE),
}
ADMIN_PUBLIC = {"admin:login", "admin:logout"}

# Sample values for the placeholders of regex routes, by group name.
REGEX_SAMPLES = {"fmt": "json", "app_label": "reports", "url": "x"}


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Any:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield prefix + str(pattern.pattern), name


def routes() -> list[tuple[str, str | None]]:
    return list(walk(get_resolver()))


def key_of(route: str, name: str | None) -> str:
    return "admin/*" if route.startswith("admin/") else str(name or route)


def _sample_group(match: re.Match[str]) -> str:
    """A plain alternation (``jsonld|ttl|rdf``) gives its first word, else a named sample."""
    choices = match[2].split("|")
    if all(re.fullmatch(r"\w+", choice) for choice in choices):
        return choices[0]
    return REGEX_SAMPLES.get(match[1], "x")


def sample_url(route: str) -> str:
    """A concrete URL for a route, with harmless sample values in its placeholders."""
    if "^" in route or "(?P<" in route:
        head, _caret, regex = route.partition("^")
        if regex.startswith(".*?"):
            return "/" + head + "tidak-ada"
        regex = re.sub(r"\(\?P<(\w+)>([^)]*)\)", _sample_group, regex)
        return "/" + head + regex.replace("\\.", ".").rstrip("$").replace("\\w-]+", "")
    values = {"int": "1", "uuid": "00000000-0000-0000-0000-000000000001"}

    def fill(match: re.Match[str]) -> str:
        converter = match[1] or "str"
        return values.get(converter, "x0")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route)


def test_every_route_has_an_entry_and_every_entry_a_route():
    seen = {key_of(route, name) for route, name in routes()}
    missing = sorted(seen - set(ACCESS))
    stale = sorted(set(ACCESS) - seen)
    assert not missing, f"say who may use these routes and which test covers them: {missing}"
    assert not stale, f"these entries name routes that no longer exist: {stale}"


def test_each_sample_url_reaches_its_own_route():
    """So the checks below really knock on every door."""
    wrong = []
    for route, name in routes():
        if not name or route.startswith("admin/"):
            continue
        try:
            match = resolve(sample_url(route))
        except Resolver404:
            wrong.append(f"{sample_url(route)} ({name}): nothing")
            continue
        if match.view_name != name and not name.startswith("api:"):
            wrong.append(f"{sample_url(route)} ({name}): {match.view_name}")
        if name.startswith("api:") and match.route != route:
            wrong.append(f"{sample_url(route)} ({name}): {match.route}")
    assert not wrong, "\n".join(wrong)


def test_every_covering_test_exists_and_names_its_route():
    problems = []
    for route, name in routes():
        key = key_of(route, name)
        _access, path = ACCESS[key]
        file = ROOT / path
        if not file.exists():
            problems.append(f"{key}: {path} does not exist")
            continue
        text = file.read_text(encoding="utf-8")
        static = "/" + re.split(r"[<(\\*?$]", route.replace("^", ""))[0].rstrip(".")
        names = {name, name.split(":")[-1]} if name else set()
        mentioned = (static in text if len(static) > 1 else '"/"' in text) or any(
            f'"{n}"' in text or f"'{n}'" in text for n in names
        )
        if key != "admin/*" and not mentioned:
            problems.append(f"{key}: {path} never mentions {static} or {name}")
    assert not problems, "\n".join(problems)


def answers(client: Client, url: str) -> dict[str, Any]:
    return {method: getattr(client, method)(url) for method in ("get", "post")}


def routes_of(kind: str) -> list[tuple[str, str | None]]:
    return [(r, n) for r, n in routes() if ACCESS[key_of(r, n)][0] == kind]


@pytest.mark.django_db
def test_console_pages_send_strangers_to_the_login_page(world):
    client = Client()
    wrong = []
    for route, name in routes_of(STAFF):
        if not route.startswith("console/"):
            continue
        url = sample_url(route)
        for method, response in answers(client, url).items():
            to_login = response.status_code == 302 and response["Location"].startswith(
                "/console/masuk/"
            )
            if not (to_login or response.status_code in {403, 404, 405}):
                wrong.append(f"{method.upper()} {url} ({name}): {response.status_code}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [STAFF, TOKEN])
def test_staff_and_token_endpoints_answer_strangers_401(world, kind):
    client = Client()
    wrong = []
    for route, name in routes_of(kind):
        if route.startswith("console/"):
            continue
        url = sample_url(route)
        statuses = {method: r.status_code for method, r in answers(client, url).items()}
        # Each method the route has (the other answers 405) refuses a stranger with 401.
        if set(statuses.values()) - {401, 405} or 401 not in statuses.values():
            wrong.append(f"{url} ({name}): {statuses}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_the_admin_site_sends_strangers_to_its_login(world):
    client = Client()
    wrong = []
    for route, name in routes_of(ADMIN):
        if name in ADMIN_PUBLIC:
            continue
        url = sample_url(route)
        response = client.get(url)
        if not (response.status_code == 302 and "/admin/login/" in response["Location"]):
            wrong.append(f"GET {url} ({name}): {response.status_code}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_public_routes_never_answer_5xx_to_anyone(world):
    client = Client(raise_request_exception=False)
    wrong = []
    for route, name in routes_of(PUBLIC):
        url = sample_url(route)
        for method, response in answers(client, url).items():
            if response.status_code >= 500 or response.status_code == 401:
                wrong.append(f"{method.upper()} {url} ({name}): {response.status_code}")
    assert not wrong, "\n".join(wrong)


# Routes no other test file covered yet.


def test_readyz_and_robots(world, citizen):
    assert citizen.get("/readyz").json()["status"] == "ok"
    robots = citizen.get("/robots.txt")
    assert robots.status_code == 200 and "Disallow: /console/" in robots.content.decode()


def test_the_api_root_and_its_docs(world, citizen):
    assert citizen.get("/api/v1/openapi.json").status_code == 200
    assert citizen.get("/api/v1/docs").status_code == 200
    assert citizen.get("/api/v1/").status_code in {200, 404}


def test_me_answers_who_the_token_belongs_to(world, citizen, operator):
    assert citizen.get("/api/v1/me").status_code == 401
    me = citizen.get("/api/v1/me", **bearer(operator)).json()
    assert me["username"] == operator.username


def test_a_staff_photo_is_for_those_who_see_its_report(
    world, citizen, make_report, operator, officer_b
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    body = {
        "category": "jalan-rusak",
        "description": "Jalan berlubang di depan pasar, sudah seminggu.",
        "latitude": -6.925,
        "longitude": 107.575,
        "photos": [photo],
    }
    ticket = citizen.post("/api/v1/reports", data=body).json()["ticket"]
    staff = citizen.get(f"/api/v1/staff/reports/{ticket}", **bearer(operator)).json()
    url = staff["photos"][0]["url"].split("testserver", 1)[-1]
    assert "/api/v1/staff/photos/" in url
    assert citizen.get(url).status_code == 401
    assert citizen.get(url, **bearer(officer_b)).status_code == 404  # not their agency's
    assert citizen.get(url, **bearer(operator)).status_code == 200


def test_logout_ends_the_session(world, operator):
    client = Client()
    client.force_login(operator)
    assert client.get("/console/").status_code == 200
    client.post("/console/keluar/")
    assert client.get("/console/").status_code == 302


def test_only_staff_acknowledge_alerts_in_the_console(world, operator):
    from kendali.telemetry.actions import open_alert

    alert = open_alert("camera_offline", message="Kamera mati")
    assert alert is not None
    url = f"/console/telemetri/peringatan/{alert.pk}/terima/"
    assert Client().post(url).status_code == 302
    client = Client()
    client.force_login(operator)
    assert client.post(url).status_code in {200, 302}
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
