"""The scorecard, league table, dashboard, public page and KPI API: access, numbers, bad input."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import _user, bearer
from kendali.insights.models import Kpi
from kendali.insights.rollups import refresh
from kendali.reports import actions

WIB = ZoneInfo("Asia/Jakarta")
FILED = datetime(2026, 10, 5, 9, tzinfo=WIB)  # a Monday in October
NOW = datetime(2026, 11, 10, 10, tzinfo=WIB)


@pytest.fixture
def history(world, procedures, make_report, operator, officer_a):
    """Agency A resolves three rubbish reports in October (no SOP steps); one is left open."""
    reports = []
    for hours in (2, 30, 90):
        with time_machine.travel(FILED, tick=False):
            report = make_report(category=world.rubbish.code)
        with time_machine.travel(FILED + timedelta(hours=1), tick=False):
            actions.verify_report(report, operator)
            actions.dispose_report(report, operator, agency=world.agency_a)
        with time_machine.travel(FILED + timedelta(hours=hours), tick=False):
            actions.resolve_report(report, officer_a, note="Sudah ditambal.")
        reports.append(report)
    with time_machine.travel(FILED, tick=False):
        left = make_report(category=world.rubbish.code)
    with time_machine.travel(FILED + timedelta(hours=1), tick=False):
        actions.verify_report(left, operator)
        actions.dispose_report(left, operator, agency=world.agency_a)
    with time_machine.travel(NOW, tick=False):
        refresh()
    return reports


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def agency_admin_b(world):
    return _user("admin.dlh", "agency_admin", world.agency_b)


def test_the_scorecard_number_leads_to_exactly_those_reports_in_the_queue(history, executive):
    client = _client(executive)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/console/kinerja/opd/dpu/?periode=month&tanggal=2026-10-15")
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-kpi="median-penyelesaian"' in html
        link = html.split('data-testid="kpi-median-penyelesaian"')[0].rsplit('href="', 1)[1]
        link = link.split('"')[0].replace("&amp;", "&")
        queue = client.get(link)
    assert queue.status_code == 200
    body = queue.content.decode()
    assert 'data-testid="report-set-count">3<' in body
    for report in history:
        assert report.ticket in body


def test_kpi_values_from_the_api_for_a_month(history, executive):
    with time_machine.travel(NOW, tick=False):
        answer = Client().get(
            "/api/v1/kpis/median-penyelesaian?period=month&day=2026-10-15", **bearer(executive)
        )
    assert answer.status_code == 200
    value = answer.json()["values"][0]
    assert value["period"] == "2026-10" and value["denominator"] == 3
    # Filed Monday 09:00; 2, 30 and 90 hours later are 2, 14 and 31 working hours (8-16 on
    # weekdays): the median is 14.
    assert value["value"] == 14.0


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("/api/v1/kpis/nope", 404),
        ("/api/v1/kpis?period=fortnight", 400),
        ("/api/v1/kpis?start=2026-10-10&end=2026-10-01", 400),
        ("/api/v1/kpis?start=2026-10-10", 400),
        ("/api/v1/kpis?agency=nope", 404),
        ("/api/v1/kpis?area=%ED%A0%80", 404),
        ("/api/v1/kpis?periods=1000", 400),
    ],
)
def test_bad_kpi_questions_get_a_clear_4xx(history, executive, query, status):
    answer = Client().get(query, **bearer(executive))
    assert answer.status_code == status
    assert answer.json()["detail"]


def test_an_agency_admin_sees_only_their_own_agency(history, agency_admin_b, world):
    client = _client(agency_admin_b)
    assert client.get("/console/kinerja/opd/dpu/").status_code == 404
    assert client.get("/console/kinerja/opd/dlh/").status_code == 200
    assert client.get("/console/kinerja/dasbor/").status_code == 404
    assert client.get("/console/kinerja/opd/").status_code == 404
    drill = client.get(
        "/console/?set=kpi&kpi=median-penyelesaian&dari=2026-10-01&sampai=2026-10-31&opd=dpu"
    )
    assert 'data-testid="report-set-count">0<' in drill.content.decode()
    answer = Client().get("/api/v1/kpis?agency=dpu", **bearer(agency_admin_b))
    assert answer.status_code == 404


def test_officers_and_operators_do_not_see_scorecards(history, officer_a, operator):
    assert _client(officer_a).get("/console/kinerja/opd/dpu/").status_code == 404
    assert Client().get("/api/v1/kpis", **bearer(officer_a)).status_code == 403


@pytest.mark.parametrize(
    "query", ["?periode=fortnight", "?tanggal=31-10-2026", "?tanggal=1900-01-01", "?wilayah=zzz"]
)
def test_the_dashboard_answers_bad_filters_with_a_message(history, executive, query):
    answer = _client(executive).get("/console/kinerja/dasbor/" + query)
    assert answer.status_code == 400
    assert 'role="alert"' in answer.content.decode()


def test_dashboard_and_league_table_show_the_agencies(history, executive, supervisor):
    with time_machine.travel(NOW, tick=False):
        dashboard = _client(executive).get("/console/kinerja/dasbor/?tanggal=2026-10-15")
        league = _client(supervisor).get("/console/kinerja/opd/?tanggal=2026-10-15")
    assert dashboard.status_code == 200 and "<svg" in dashboard.content.decode()
    assert 'data-agency="dpu"' in league.content.decode()
    assert 'data-agency="dlh"' in league.content.decode()


def test_the_public_performance_page_and_downloads_carry_no_personal_data(history):
    from conftest import SECRET_CONTACT, SECRET_NAME

    with time_machine.travel(NOW, tick=False):
        for url in (
            "/kinerja/",
            "/en/kinerja/",
            "/su/kinerja/",
            "/kinerja/kinerja.csv",
            "/kinerja/kinerja.json",
        ):
            answer = Client().get(url)
            assert answer.status_code == 200, url
            text = answer.content.decode()
            assert SECRET_NAME not in text and SECRET_CONTACT not in text
        data = Client().get("/kinerja/kinerja.json").json()
    october = [r for r in data["rows"] if r["month"] == "2026-10" and r["code"] == "dpu"]
    assert october and october[0]["resolved"] == 3
    assert Client().get("/kinerja/kinerja.xml").status_code == 404


def test_impossible_thresholds_are_refused(world):
    kpi = Kpi(
        code="x",
        name="X",
        measure="sla_compliance",
        direction="higher",
        target=90,
        green=60,
        yellow=80,
    )
    with pytest.raises(ValidationError) as caught:
        kpi.full_clean()
    assert "green" in caught.value.message_dict
    kpi = Kpi(code="y", name="Y", measure="sla_compliance", target=120, green=90, yellow=80)
    with pytest.raises(ValidationError) as caught:
        kpi.full_clean()
    assert "target" in caught.value.message_dict
    kpi = Kpi(
        code="z",
        name="Z",
        measure="overdue_backlog",
        direction="lower",
        target=0,
        green=30,
        yellow=10,
    )
    with pytest.raises(ValidationError):
        kpi.full_clean()


def test_the_defaults_are_shipped(db):
    codes = set(Kpi.objects.values_list("code", flat=True))
    assert {"verifikasi-3-hari", "tindak-lanjut-5-hari", "kepatuhan-sla", "kepuasan"} <= codes
