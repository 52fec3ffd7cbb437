"""The demo city in a real browser: the pages a visitor and an operator see first, with the
maps drawn from real data. Also where the README's screenshots come from
(KENDALI_SCREENSHOTS=1 writes them to docs/screenshots/)."""

import random

import pytest
from django.utils import timezone

from kendali.agencies.models import User
from kendali.demo.load import History, load_city, load_standards
from kendali.demo.telemetry import load_telemetry

PASSWORD = "uji-kata-sandi-42"


@pytest.fixture
def demo_city(transactional_db):
    load_city()
    history = History(random.Random(11), timezone.now())
    history.plan(120, 60)
    history.replay()
    load_standards(progress=lambda _line: None)  # includes the active flood watch
    load_telemetry(progress=lambda _line: None, history_days=1)
    operator = User.objects.get(username="operator")
    operator.set_password(PASSWORD)
    operator.save()


def test_the_demo_city_in_the_browser(live_url, demo_city, new_page, shots):
    page = new_page(width=1280, height=860)
    page.goto(f"{live_url}/")
    assert "Bandung Command Center" in page.title()
    page.screenshot(path=str(shots / "portal-home.png"))

    page.goto(f"{live_url}/peta/")
    page.wait_for_selector(".leaflet-overlay-pane path")
    page.wait_for_selector("[data-map][data-loaded]")
    assert int(page.get_attribute("[data-map]", "data-loaded")) > 10
    page.screenshot(path=str(shots / "portal-map.png"))

    page.goto(f"{live_url}/en/lapor/")
    assert page.get_by_role("heading", name="Report a problem").is_visible()

    page.goto(f"{live_url}/console/masuk/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_selector("#live.on")
    page.screenshot(path=str(shots / "console-queue-demo.png"))
    page.goto(f"{live_url}/console/peta/")
    page.wait_for_selector("[data-map][data-loaded]")
    page.wait_for_selector("[data-map][data-telemetry-loaded]")
    page.wait_for_selector("[data-map][data-warnings]:not([data-warnings='0'])")
    layers = page.inner_text(".leaflet-control-layers")
    for layer in ("Laporan", "Sensor", "Kamera", "Armada", "Peringatan"):
        assert layer in layers
    page.screenshot(path=str(shots / "console-map.png"))
    assert page.js_errors == []
