"""Pages read the rollups in a fixed number of small queries, however long the history.

The dashboard, the league table and a scorecard make the same number of queries with one
report as with many, none of them reads the reports table for a figure (only the scorecard's
overdue list does, through its partial index), and a sum without grouping is one aggregate row.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kendali.insights.kpis import Scope, rollup_totals
from kendali.insights.rollups import refresh

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 9, 7, 9, tzinfo=WIB)
PAGES = [
    "/console/kinerja/dasbor/",
    "/console/kinerja/opd/",
    "/console/kinerja/opd/dpu/",
    "/kinerja/",
]


def _queries(client: Client, url: str) -> list[str]:
    client.get(url)  # warm the per-process caches (calendars, the city, the warning banner)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    # The session and sign-in bookkeeping (touched now and then) is not the page's work.
    return [
        q["sql"]
        for q in captured.captured_queries
        if not re.search(r"django_session|axes_|otp_|audit_", q["sql"])
    ]


def _file(make_report, count: int, offset_days: int) -> None:
    for n in range(count):
        with time_machine.travel(
            START + timedelta(days=offset_days + n % 20, hours=n % 7), tick=False
        ):
            make_report()


@pytest.mark.parametrize("url", PAGES)
def test_a_page_s_queries_do_not_grow_with_the_history(
    world, procedures, make_report, executive, url
):
    client = Client()
    client.force_login(executive)
    _file(make_report, 1, 0)
    with time_machine.travel(START + timedelta(days=60), tick=False):
        refresh()
        few = _queries(client, url)
    _file(make_report, 30, 1)
    with time_machine.travel(START + timedelta(days=60), tick=False):
        refresh()
        many = _queries(client, url)
    assert len(many) == len(few), (len(few), len(many))
    figures = [q for q in many if re.search(r'FROM "reports_report"', q) and "sla_clock" not in q]
    assert not [q for q in figures if "COUNT(" in q.upper() or "SUM(" in q.upper()], figures


def test_an_ungrouped_sum_is_one_aggregate_row(world, procedures, make_report):
    _file(make_report, 5, 0)
    with time_machine.travel(START + timedelta(days=30), tick=False):
        refresh()
    with CaptureQueriesContext(connection) as captured:
        totals = rollup_totals(Scope(), None)
    assert totals[None].counters["created"] == 5
    rollup_sql = [q["sql"] for q in captured.captured_queries if "insights_dailyrollup" in q["sql"]]
    assert len(rollup_sql) == 1 and "GROUP BY" not in rollup_sql[0].upper()
