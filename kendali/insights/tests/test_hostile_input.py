"""Hostile parameters on the insights pages, drill-down links, API and forms: never a 500."""

import pytest
from django.test import Client

URLS = [
    "/console/?set=kpi&kpi=%ED%A0%80",
    "/console/?set=kpi&kpi=kepatuhan-sla&dari=%ED%A0%80&sampai=2026-01-01",
    "/console/?set=kpi&kpi=kepatuhan-sla&opd=%ED%A0%80",
    "/console/?set=kpi&kpi=kepatuhan-sla&wilayah=%ED%A0%80&dari=2026-01-01&sampai=2026-01-31",
    "/console/kinerja/dasbor/?wilayah=%ED%A0%80",
    "/console/kinerja/dasbor/?periode=%ED%A0%80",
    "/console/kinerja/opd/%ED%A0%80/",
    "/api/v1/kpis/%ED%A0%80",
    "/api/v1/kpis?category=%ED%A0%80",
    "/api/v1/kpis?day=99999-01-01",
    "/api/v1/kpis?periods=36&period=year&day=0001-01-01",
    "/kinerja/kinerja.%ED%A0%80",
]


@pytest.mark.parametrize("url", URLS)
def test_hostile_parameters_never_answer_500(world, executive, url):
    c = Client(raise_request_exception=False)
    c.force_login(executive)
    r = c.get(url)
    assert r.status_code < 500, (url, r.status_code)


def test_a_lone_surrogate_in_the_report_form_is_a_400(world, executive):
    c = Client(raise_request_exception=False)
    c.force_login(executive)
    r = c.post(
        "/console/kinerja/laporan/",
        "start=2026-01-01&end=2026-01-31&agency=%ED%A0%80",
        content_type="application/x-www-form-urlencoded",
    )
    assert r.status_code == 400
