"""The console's menu comes from the navigation registry: each role sees exactly its items,
in the order the hand-written menu had."""

import re

import pytest
from django.test import Client

from kendali.agencies.models import User

ALL = ["/console/", "/console/peta/", "/console/sop/", "/console/telemetri/"]
# Executives, supervisors, auditors, admins and agency admins also see how services perform.
WITH_INSIGHTS = ["/console/", "/console/kinerja/", *ALL[1:]]
AUDIT = ["/console/audit/"]
WARNINGS = ["/console/peringatan/"]
SUPERVISING = ["/console/data/", "/console/integrasi/"]
ADMIN = ["/admin/"]
PORTAL = ["/", "/console/keamanan/"]  # the public website, then the account's security

EXPECTED = {
    "operator": ALL + WARNINGS + PORTAL,
    "supervisor": WITH_INSIGHTS + WARNINGS + SUPERVISING + PORTAL,
    "agency_admin": WITH_INSIGHTS + PORTAL,
    "agency_officer": ALL + PORTAL,
    "executive": WITH_INSIGHTS + AUDIT + PORTAL,
    "auditor": WITH_INSIGHTS + AUDIT + PORTAL,
    "admin": WITH_INSIGHTS + AUDIT + WARNINGS + SUPERVISING + ADMIN + PORTAL,
}


def console_menu(html: str) -> list[str]:
    menu = re.search(r'<nav aria-label="Menu konsol">(.*?)</nav>', html, re.S)
    assert menu, "the console menu is missing"
    return re.findall(r'href="([^"]+)"', menu.group(1))


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_exactly_its_console_menu(world, role):
    agency = world.agency_a if role.startswith("agency_") else None
    user = User.objects.create(
        username=f"orang-{role}", role=role, agency=agency, is_staff=role == "admin"
    )
    client = Client()
    client.force_login(user)
    response = client.get("/console/sop/")
    assert response.status_code == 200
    assert console_menu(response.content.decode()) == EXPECTED[role]


def test_the_menu_labels_follow_the_language(world, operator):
    client = Client()
    client.force_login(operator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/console/"})
    html = client.get("/console/sop/").content.decode()
    assert ">Queue<" in html and ">Antrean<" not in html


def test_the_public_menu_is_the_same_for_everyone(world, citizen, operator):
    expected = [
        "/lapor/",
        "/lacak/",
        "/laporan/",
        "/peta/",
        "/kategori/",
        "/sop/",
        "/kinerja/",
        "/peringatan/",
        "/data/",
        "/tentang/",
    ]
    signed_in = Client()
    signed_in.force_login(operator)
    for client in (citizen, signed_in):
        html = client.get("/").content.decode()
        menu = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S)
        assert menu and re.findall(r'href="([^"]+)"', menu.group(1)) == expected
    assert 'class="nav-cta">Lapor<' in html
