"""The video wall: a kiosk link without a password, its panels, its event stream, and refusals."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from conftest import SECRET_CONTACT, SECRET_NAME
from kendali.insights.models import WallScreen


@pytest.fixture
def wall_link(world, capsys):
    call_command(
        "wall", "create", "Dinding utama", "--panels", "kpis,queue,map,warnings,sensors,cameras"
    )
    return capsys.readouterr().out.splitlines()[0]


def test_a_kiosk_link_shows_every_panel_without_signing_in(wall_link, make_report):
    report = make_report()
    page = Client().get(wall_link)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-panel="queue"' in html and 'data-events="' in html
    assert "Menu konsol" not in html  # no navigation on the wall
    for name in ("kpis", "queue", "map", "warnings", "sensors", "cameras"):
        panel = Client().get(f"{wall_link}panel/{name}/")
        assert panel.status_code == 200, name
        text = panel.content.decode()
        assert SECRET_NAME not in text and SECRET_CONTACT not in text
    queue = Client().get(f"{wall_link}panel/queue/").content.decode()
    assert report.ticket in queue
    assert report.description not in queue


def test_wrong_revoked_and_unlisted_links_are_refused(wall_link):
    assert Client().get("/layar/kdw_salah/").status_code == 404
    assert Client().get("/layar/%ED%A0%80/").status_code == 404
    assert Client().get(f"{wall_link}panel/nope/").status_code == 404
    screen = WallScreen.objects.get()
    screen.panels = ["kpis"]
    screen.save()
    assert Client().get(f"{wall_link}panel/queue/").status_code == 404
    screen.revoke()
    assert Client().get(wall_link).status_code == 404
    assert Client().get(f"{wall_link}events").status_code == 404


def test_bad_wall_definitions_are_refused(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("wall", "create", "X", "--panels", "kpis,bioskop")
    with pytest.raises(CommandError):
        call_command("wall", "create", "X", "--rotate", "2")
    assert WallScreen.objects.count() == 0


def test_the_console_wall_is_for_city_wide_roles(world, executive, officer_a):
    boss = Client()
    boss.force_login(executive)
    assert boss.get("/console/kinerja/layar/").status_code == 200
    assert boss.get("/console/kinerja/layar/panel/kpis/").status_code == 200
    officer = Client()
    officer.force_login(officer_a)
    assert officer.get("/console/kinerja/layar/").status_code == 404
