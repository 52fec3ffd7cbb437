"""The mayor before a meeting: the dashboard, a red tile, the agency's scorecard, the queue.

Also where the README's insights screenshots come from (KENDALI_SCREENSHOTS=1)."""

import random

import pytest
from django.utils import timezone

from kendali.agencies.models import User
from kendali.demo.load import History, load_city
from kendali.insights.rollups import rebuild

PASSWORD = "uji-kata-sandi-42"


@pytest.fixture
def demo_history(transactional_db):
    load_city()
    history = History(random.Random(7), timezone.now())
    history.plan(260, 75)
    history.replay()
    rebuild()
    executive = User.objects.get(username="pimpinan")
    executive.set_password(PASSWORD)
    executive.save()


def test_from_a_red_tile_to_the_scorecard_to_exactly_those_reports(
    live_url, demo_history, new_page, shots
):
    page = new_page(width=1280, height=900)
    page.goto(f"{live_url}/console/masuk/")
    page.fill("#id_username", "pimpinan")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_url}/console/kinerja/dasbor/")
    page.wait_for_selector(".kpi-tiles")
    page.screenshot(path=str(shots / "console-dashboard.png"), full_page=True)
    weak = page.locator(
        ".kpi-tile[data-status='red'] a.kpi-worst, .kpi-tile[data-status='yellow'] a.kpi-worst"
    )
    assert weak.count() > 0, "the demo history should leave at least one KPI short of green"
    agency = weak.first.get_attribute("data-agency")
    weak.first.click()
    page.wait_for_selector("table.scorecard")
    assert f"/console/kinerja/opd/{agency}/" in page.url
    page.screenshot(path=str(shots / "console-scorecard.png"), full_page=True)

    number = page.locator("[data-testid='kpi-median-penyelesaian']")
    # The median counts the resolved reports; the queue must hold exactly those.
    expected = int(number.get_attribute("data-reports"))
    number.click()
    page.wait_for_selector("[data-testid='report-set-count']")
    assert int(page.inner_text("[data-testid='report-set-count']")) == expected
    rows = page.locator("#queue tbody tr[data-ticket], #queue tbody tr")
    assert rows.count() >= min(expected, 1)
    assert page.js_errors == []


def test_the_wall_of_the_demo_city(live_url, demo_history, new_page, shots, capsys):
    from django.core.management import call_command

    call_command("wall", "create", "Dinding utama", "--panels", "kpis,queue,map,warnings,sensors")
    link = capsys.readouterr().out.splitlines()[0]
    page = new_page(width=1920, height=1080)
    page.goto(f"{live_url}{link}")
    page.wait_for_selector("#wall-status[data-state='live']")
    page.wait_for_selector("[data-panel='kpis'] .wall-tile")
    page.wait_for_selector("[data-panel='map'] svg path")
    page.wait_for_selector("[data-panel='queue'] tr[data-ticket]")
    page.screenshot(path=str(shots / "console-wall.png"))
    assert page.js_errors == []


def test_the_public_performance_page_on_a_phone(live_url, demo_history, new_page, shots):
    page = new_page(width=320, height=800)
    page.goto(f"{live_url}/kinerja/")
    assert page.get_by_role("heading", name="Kinerja layanan").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 330
    page.screenshot(path=str(shots / "portal-performance-mobile.png"), full_page=True)
    page.goto(f"{live_url}/en/kinerja/")
    assert page.get_by_role("heading", name="Service performance").is_visible()
