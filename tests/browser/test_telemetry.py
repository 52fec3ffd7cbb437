"""Telemetry in a real browser: a simulated river rises, the console map turns its gauge red,
and the flood report the rule opens appears in the operator's queue without a reload."""

import json
from datetime import timedelta

import httpx
from django.utils import timezone
from playwright.sync_api import expect

from kendali.telemetry.models import Camera, IngestToken, Rule, RuleState, Sensor, Vehicle
from tests.browser.test_journey import login

SIAGA = [
    {"name": "Siaga 4", "value": 100},
    {"name": "Siaga 3", "value": 150},
    {"name": "Siaga 2", "value": 200},
    {"name": "Siaga 1", "value": 250},
]
RED = "#dc2626"
GREEN = "#16a34a"


def send(url, secret, code, values):
    start = timezone.now() - timedelta(seconds=len(values))
    body = [
        {"sensor": code, "ts": (start + timedelta(seconds=i)).isoformat(), "value": value}
        for i, value in enumerate(values)
    ]
    response = httpx.post(
        f"{url}/api/v1/readings",
        content=json.dumps(body),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 200 and response.json()["stored"] == len(values)


def test_a_rising_river_turns_red_on_the_map_and_opens_a_report_live(
    live_url, world, operator, new_page, shots
):
    sensor = Sensor.objects.create(
        code="tma-uji-hulu",
        name="TMA Sungai Uji",
        kind="water_level",
        latitude=-6.93,
        longitude=107.58,
        area=world.west_north,
        agency=world.agency_a,
    )
    rule = Rule.objects.create(
        sensor=sensor,
        name="Siaga Sungai Uji",
        levels=SIAGA,
        hysteresis=10,
        category=world.flood,
        report_level=2,
    )
    RuleState.objects.create(rule=rule)
    _token, secret = IngestToken.issue("pos-duga-air")
    send(live_url, secret, sensor.code, [70, 72])

    # The operator watches the live map and, in another tab, the queue.
    queue = new_page()
    login(queue, live_url, operator)
    queue.wait_for_selector("#live.on")
    queue.evaluate("window.kendaliNoReload = true")  # gone if the page reloads
    page = queue.context.new_page()  # same session, another tab
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    page.goto(f"{live_url}/console/peta/")
    page.wait_for_selector("#live.on")
    page.wait_for_selector("[data-map][data-telemetry-loaded]")
    marker = page.locator("path.sensor-tma-uji-hulu")
    assert marker.get_attribute("fill") == GREEN

    # The river rises past Siaga 3, 2 and 1.
    send(live_url, secret, sensor.code, [120, 160, 210, 262])
    expect(marker).to_have_attribute("fill", RED)
    page.screenshot(path=str(shots / "console-live-map.png"))

    # The flood report is in the queue, without a reload.
    row = queue.locator("tr:has-text('TMA Sungai Uji')")
    row.wait_for()
    assert "Sensor" in row.inner_text() and "Banjir" in row.inner_text()
    assert queue.evaluate("window.kendaliNoReload") is True
    for tab in (page, queue):
        assert tab.js_errors == []


INJECTED = '<b id="inj">Bold</b><img src=/x-injected>'


def test_names_on_the_live_map_are_text_never_markup(live_url, world, operator, new_page):
    """A name typed into the admin shows as typed in every popup and tooltip of the map."""
    vehicle = Vehicle.objects.create(
        code="inj-truk", name=INJECTED, kind="fire_truck", agency=world.agency_a
    )
    Vehicle.objects.filter(pk=vehicle.pk).update(
        latitude=-6.915, longitude=107.61, last_position_at=timezone.now()
    )
    Sensor.objects.create(
        code="inj-sensor",
        name=INJECTED,
        kind="rainfall",
        latitude=-6.935,
        longitude=107.59,
        agency=world.agency_a,
    )
    Camera.objects.create(
        code="inj-kamera",
        name=INJECTED,
        latitude=-6.925,
        longitude=107.62,
        snapshot_url="http://127.0.0.1:9/x.jpg",
        agency=world.agency_a,
    )
    page = new_page()
    injected_requests = []
    page.on("request", lambda request: "x-injected" in request.url and injected_requests.append(1))
    login(page, live_url, operator)
    page.goto(f"{live_url}/console/peta/")
    page.wait_for_selector("[data-map][data-telemetry-loaded]")
    for marker, tooltip in (
        ("path.vehicle-inj-truk", True),
        ("path.sensor-inj-sensor", True),
        ("path.camera-inj-kamera", False),
    ):
        page.locator(marker).hover(force=True)
        if tooltip:
            tip = page.locator(".leaflet-tooltip:not(.area-label)").filter(has_text=INJECTED)
            expect(tip.first).to_be_visible()
            assert page.locator("#inj").count() == 0
        page.locator(marker).click(force=True)
        popup = page.locator(".leaflet-popup-content")
        expect(popup).to_contain_text(INJECTED)
        assert page.locator("#inj").count() == 0
        page.locator(".leaflet-popup-close-button").click()
        expect(popup).to_have_count(0)
    assert injected_requests == []
    assert page.js_errors == []
