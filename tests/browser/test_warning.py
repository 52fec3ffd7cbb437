"""A supervisor publishes a warning an operator drafted; it then appears on the public home
page (banner), on the public map and in the Atom feed."""

from datetime import timedelta

import feedparser
import httpx
import pytest
from django.utils import timezone

from tests.browser.test_journey import login


@pytest.mark.django_db(transaction=True)
def test_a_supervisor_publishes_a_warning_that_reaches_the_public(
    live_url, world, operator, supervisor, new_page, shots
):
    citizen = new_page()
    citizen.goto(f"{live_url}/")
    assert citizen.locator("#warning-banner").count() == 0

    # The operator drafts the warning in the console.
    desk = new_page()
    login(desk, live_url, operator)
    desk.get_by_role("link", name="Peringatan").first.click()
    desk.get_by_role("link", name="Susun peringatan").click()
    now = timezone.localtime()
    desk.fill("#id_event_ind", "Banjir")
    desk.fill("#id_event_en", "Flood")
    desk.select_option("#id_category", "Met")
    desk.select_option("#id_severity", "Severe")
    desk.select_option("#id_urgency", "Expected")
    desk.select_option("#id_certainty", "Likely")
    desk.fill("#id_headline_ind", "Siaga banjir di Kecamatan Timur")
    desk.fill("#id_headline_en", "Flood watch in Timur district")
    desk.fill("#id_description_ind", "Sungai diperkirakan meluap malam ini.")
    desk.fill("#id_description_en", "The river is expected to overflow tonight.")
    desk.fill("#id_instruction_ind", "Jauhi bantaran sungai.")
    desk.fill("#id_onset", (now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    desk.fill("#id_expires", (now + timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M"))
    desk.select_option("#id_areas", ["timur"])
    desk.get_by_role("button", name="Simpan draf").click()
    desk.wait_for_selector("text=Draf peringatan tersimpan")
    assert desk.inner_text("#warning-state") == "Draf"
    draft_url = desk.url
    # Then watches the live map, which has no active warning yet.
    desk.goto(f"{live_url}/console/peta/")
    desk.wait_for_selector("#live.on")
    desk.wait_for_selector("[data-map][data-warnings='0']")
    assert "Peringatan" in desk.inner_text(".leaflet-control-layers")
    desk.evaluate("window.kendaliNoReload = true")  # gone if the page reloads

    # Another person, the supervisor, approves and publishes it.
    chief = new_page()
    login(chief, live_url, supervisor)
    chief.goto(draft_url)
    chief.get_by_role("button", name="Setujui dan terbitkan").click()
    chief.wait_for_selector("#warning-state:has-text('Terbit')")
    chief.screenshot(path=str(shots / "console-warning.png"), full_page=True)

    # The operator's map draws its area at once, without a reload.
    desk.wait_for_selector("[data-map][data-warnings='1']")
    assert desk.evaluate("window.kendaliNoReload") is True

    # Citizens see it on the home page and on the map.
    citizen.goto(f"{live_url}/")
    banner = citizen.locator("#warning-banner")
    banner.wait_for()
    assert "Siaga banjir di Kecamatan Timur" in banner.inner_text()
    citizen.screenshot(path=str(shots / "portal-warning.png"))
    citizen.goto(f"{live_url}/peta/")
    citizen.wait_for_selector("[data-warnings='1']")
    banner_link = citizen.locator("#warning-banner a").first
    banner_link.click()
    citizen.wait_for_selector("text=Jauhi bantaran sungai.")

    # And it is in the Atom feed, linking its CAP document.
    feed = feedparser.parse(httpx.get(f"{live_url}/warnings/feed.atom", timeout=10).content)
    assert [e.title for e in feed.entries] == ["Siaga banjir di Kecamatan Timur"]
    cap = httpx.get(feed.entries[0].link, timeout=10)
    assert cap.status_code == 200 and b"<msgType>Alert</msgType>" in cap.content
    assert citizen.js_errors == [] and chief.js_errors == [] and desk.js_errors == []
