"""Benchmark the governance pages as the city's history grows: the executive dashboard, the
league table, an agency's scorecard, the public performance page and the KPI API, each at a
small and a large history, against the hand-written SQL for the same figure in the same run.

    .venv/bin/python bench/insights.py                         # PostgreSQL, 10,000 and 1,000,000
    .venv/bin/python bench/insights.py --sizes 10000 200000

For each size: a fresh PostgreSQL database with the demo city; the reports bulk-copied with a
realistic life (filed over three years, most verified, dispatched to the category's agency,
resolved after hours to weeks, a resolve clock with its deadline, some returned or reopened,
their transitions); then `kendali insights rebuild` (timed: the full rollup from the raw
rows); then every page asked 7 times through Django's test client as an executive (server time,
no network), median reported. The baseline is the same month's SLA compliance per agency
computed straight from reports and clocks with one SQL query, and the bare endpoint.
Results on stdout and as JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BIN, environment, machine, pg_url, save

PG_NAME = "kendali_bench_insights"
RUNS = 7
DAYS = 3 * 365

BASELINE_SQL = """
SELECT r.agency_id,
       count(*) FILTER (WHERE c.outcome = 'met') AS met,
       count(*) FILTER (WHERE c.outcome IN ('met', 'late')
                        OR (c.stopped_at IS NULL AND c.paused_at IS NULL AND c.due_at <= now()))
FROM reports_report r JOIN sla_clock c ON c.report_id = r.id AND c.kind = 'resolve'
WHERE r.created_at >= %s AND r.created_at < %s
GROUP BY r.agency_id
"""


def seed(count: int) -> None:
    """Inside Django: COPY ``count`` reports with their transitions and resolve clocks."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kendali.settings")
    django.setup()
    from django.db import connection

    from kendali.cities.models import Area
    from kendali.reports.models import Category
    from kendali.sla.models import Calendar

    rng = random.Random(2026)
    categories = [(c.pk, c.default_agency_id) for c in Category.objects.all()]
    areas = list(
        Area.objects.filter(level="kelurahan").values_list("id", "centroid_lat", "centroid_lon")
    )
    calendar = Calendar.objects.filter(always_open=False).values_list("id", flat=True).first()
    now = datetime.now(UTC)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM reports_report")
        first = cursor.fetchone()[0] + 1
    raw = connection.connection
    reports, transitions, clocks = [], [], []
    for n in range(count):
        pk = first + n
        category, agency = rng.choice(categories)
        area, lat, lon = rng.choice(areas)
        created = now - timedelta(seconds=int(DAYS * 86400 * rng.random() ** 1.3) + 3600)
        fate = rng.random()
        status, verified, disposed, resolved, closed = "submitted", None, None, None, None
        rows = [("create", "", "submitted", created)]
        if fate < 0.05 and created < now - timedelta(days=2):
            status, closed = "rejected", created + timedelta(hours=rng.randint(1, 50))
            rows.append(("reject", "submitted", "rejected", closed))
        elif created < now - timedelta(days=1):
            verified = created + timedelta(minutes=rng.randint(10, 60 * 60))
            disposed = verified + timedelta(minutes=rng.randint(5, 600))
            rows += [
                ("verify", "submitted", "verified", verified),
                ("dispose", "verified", "dispositioned", disposed),
            ]
            status = "dispositioned"
            if rng.random() < 0.04:
                rows.append(("return", "dispositioned", "verified", disposed + timedelta(hours=3)))
            elif created < now - timedelta(days=20) or rng.random() < 0.6:
                slow = {0: 1, 1: 2, 2: 4}.get((agency or 0) % 3, 1)
                resolved = disposed + timedelta(hours=rng.randint(2, 24 * 12) * slow)
                if resolved < now:
                    rows.append(("resolve", "dispositioned", "resolved", resolved))
                    status = "resolved"
                    if rng.random() < 0.8:
                        closed = resolved + timedelta(days=3)
                        rows.append(("close", "resolved", "closed", closed))
                        status = "closed" if closed < now else "resolved"
                else:
                    resolved = None
        channel = rng.choice(["web", "web", "api", "phone", "whatsapp"])
        priority = rng.choice(["normal", "normal", "high", "low", "urgent"])
        handler = agency if disposed else None
        reports.append(
            (pk, f"Z{pk:08d}"[:9], channel, category, "Laporan benchmark kinerja.", "", lat, lon,
             area, status, "", priority, handler, "", "", False, False, False, created, created,
             verified, disposed, resolved, closed)
        )  # fmt: skip
        for action, from_status, to_status, at in rows:
            transitions.append((pk, action, from_status, to_status, "", at))
        if calendar is not None and disposed is not None:
            due = created + timedelta(days=5)
            stopped = resolved if resolved and resolved < now else None
            outcome = ("met" if resolved <= due else "late") if stopped else ""
            clocks.append(
                (
                    pk,
                    "resolve",
                    calendar,
                    2400,
                    created,
                    0.0,
                    due,
                    due - timedelta(hours=8),
                    stopped,
                    outcome,
                    0,
                )
            )
    with raw.cursor() as cursor:
        with cursor.copy(
            "COPY reports_report (id, ticket, channel, category_id, description, address, "
            "latitude, longitude, area_id, status, held_from, priority, agency_id, reporter_name, "
            "reporter_contact, is_anonymous, is_confidential, description_is_public, created_at, "
            "updated_at, verified_at, dispositioned_at, resolved_at, closed_at) FROM STDIN"
        ) as copy:
            for row in reports:
                copy.write_row(row)
        with cursor.copy(
            "COPY reports_transition (report_id, action, from_status, to_status, reason, "
            "created_at) FROM STDIN"
        ) as copy:
            for row in transitions:
                copy.write_row(row)
        with cursor.copy(
            "COPY sla_clock (report_id, kind, calendar_id, target_minutes, started_at, "
            "paused_minutes, due_at, at_risk_at, stopped_at, outcome, escalation_level) FROM STDIN"
        ) as copy:
            for row in clocks:
                copy.write_row(row)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('reports_report', 'id'), "
            "(SELECT max(id) FROM reports_report))"
        )
    raw.commit()
    connection.cursor().execute("ANALYZE")


def measure() -> dict[str, Any]:
    """Inside Django: time each page as an executive; the SQL baseline; the bare endpoint."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kendali.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from kendali.agencies.models import Agency, User
    from kendali.insights.kpis import span_of

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="pimpinan"))
    agency = Agency.objects.filter(is_active=True).order_by("code").first()
    month = span_of("month", timezone.localdate()).previous()
    pages = {
        "bare endpoint": "/healthz",
        "dashboard": "/console/kinerja/dasbor/",
        "league table": "/console/kinerja/opd/",
        "scorecard": f"/console/kinerja/opd/{agency.code}/",
        "public performance": "/kinerja/",
        "KPI API (12 months)": "/api/v1/kpis?periods=12",
    }
    results: dict[str, Any] = {}
    for name, url in pages.items():
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        results[name] = round(statistics.median(timings), 1)
    start = datetime.combine(
        month.start, datetime.min.time(), tzinfo=timezone.get_current_timezone()
    )
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                BASELINE_SQL, [start, start + timedelta(days=(month.end - month.start).days + 1)]
            )
            cursor.fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    results["hand-written SQL: a month's SLA compliance per agency"] = round(
        statistics.median(timings), 1
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM insights_dailyrollup")
        results["rollup rows"] = cursor.fetchone()[0]
    return results


def run(size: int) -> dict[str, Any]:
    env, _data = environment("postgres", PG_NAME)
    env["KENDALI_DATABASE_URL"] = pg_url(PG_NAME)
    started = time.monotonic()
    subprocess.run([str(BIN / "python"), __file__, "seed", str(size)], env=env, check=True)
    seeded = time.monotonic() - started
    started = time.monotonic()
    subprocess.run(
        [str(BIN / "kendali"), "insights", "rebuild"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    rebuilt = time.monotonic() - started
    out = subprocess.run(
        [str(BIN / "python"), __file__, "measure"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    pages = eval(out.stdout.strip().splitlines()[-1])  # noqa: S307 - our own repr of a dict
    return {
        "reports": size,
        "seed_seconds": round(seeded, 1),
        "rebuild_seconds": round(rebuilt, 1),
        "ms": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    args = parser.parse_args()
    results = {"machine": machine(), "runs": []}
    for size in args.sizes:
        result = run(size)
        results["runs"].append(result)
        print(
            f"{size:>9} reports: seeded {result['seed_seconds']} s, "
            f"rebuilt {result['rebuild_seconds']} s"
        )
        for name, ms in result["ms"].items():
            print(f"    {name:<55} {ms}")
    print("saved", save("insights", results))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "seed":
        seed(int(sys.argv[2]))
    elif len(sys.argv) == 2 and sys.argv[1] == "measure":
        print(repr(measure()))
    else:
        main()
