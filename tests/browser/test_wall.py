"""The video wall in a real browser for a few minutes: live reports arrive, the connection
drops once (the network goes away and the server ends the stream), the wall reconnects by
itself and keeps up. Also the README's wall screenshot."""

import time

import pytest
from django.core.management import call_command

from kendali.lib.broker import get_broker
from kendali.reports.models import Report

MINUTES = 2


@pytest.mark.django_db(transaction=True)
def test_the_wall_stays_live_through_a_dropped_connection(
    live_url, world, make_report, new_page, shots, capsys
):
    call_command("wall", "create", "Dinding utama")
    link = capsys.readouterr().out.splitlines()[0]
    page = new_page(width=1920, height=1080)
    page.goto(f"{live_url}{link}")
    page.wait_for_selector("#wall-status[data-state='live']")
    page.wait_for_selector("[data-panel='queue'] [data-testid='wall-open']")

    started = time.monotonic()
    filed = []
    dropped = False
    while time.monotonic() - started < MINUTES * 60:
        report = make_report()
        filed.append(report.ticket)
        page.wait_for_selector(
            f"[data-panel='queue'] tr[data-ticket='{report.ticket}']", timeout=15000
        )
        if not dropped and time.monotonic() - started > 30:
            # The wall computer loses its network, and the server ends every stream meanwhile.
            page.context.set_offline(True)
            get_broker().reset_subscribers()
            page.wait_for_selector("#wall-status[data-state='offline']", timeout=15000)
            missed = make_report()
            filed.append(missed.ticket)
            time.sleep(4)
            page.context.set_offline(False)
            page.wait_for_selector("#wall-status[data-state='live']", timeout=40000)
            # What happened while it was away shows up after the reconnect.
            page.wait_for_selector(
                f"[data-panel='queue'] tr[data-ticket='{missed.ticket}']", timeout=15000
            )
            dropped = True
        time.sleep(10)
    assert dropped
    assert int(page.get_attribute("body", "data-connections")) >= 2
    shown = int(page.inner_text("[data-testid='wall-open']").split()[0])
    assert shown == Report.objects.filter(status="submitted").count() == len(filed)
    page.screenshot(path=str(shots / "console-wall-after-drop.png"))
    assert page.js_errors == []
