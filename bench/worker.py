"""Benchmark the worker tick (SLA clocks, SOP step deadlines, outbox) over many open reports.

A fresh PostgreSQL database (or SQLite file) gets the demo city with its SLA policies and SOPs,
then N open reports (default 100,000) in every open status with their running clocks and SOP
runs, written with bulk inserts (this is setup, not what is measured). Due times are computed
with the same working-time arithmetic the product uses, spread so that some work falls due in
every hour ahead.

Measured, each next to a baseline in the same run:
- a steady tick (nothing new due): time and SQL queries, median of several ticks;
- a busy tick one hour later (clocks at risk, breached, escalating; steps overdue): time and
  queries per tick, and the ticks needed to drain that hour's work;
- baselines: a database round trip (SELECT 1) and the raw indexed query that finds due clocks.

    .venv/bin/python bench/worker.py                  # PostgreSQL, 100,000 reports
    .venv/bin/python bench/worker.py --reports 20000 --db sqlite

Results on stdout and as JSON under bench/results/; numbers go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "kendali_bench_worker"


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


def prepare_environment(args: argparse.Namespace) -> Path:
    data_dir = Path(tempfile.mkdtemp(prefix="kendali-bench-worker-"))
    os.environ["KENDALI_DATA_DIR"] = str(data_dir)
    os.environ["KENDALI_LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kendali.settings")
    if args.db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_DB}")
        os.environ["KENDALI_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    else:
        os.environ.pop("KENDALI_DATABASE_URL", None)
        os.environ["KENDALI_SQLITE_SYNCHRONOUS"] = "NORMAL"
    return data_dir


def populate(count: int, seed: int, now: datetime) -> dict[str, Any]:
    """Open reports with running clocks and SOP runs, in bulk."""
    from kendali.cities.models import Area
    from kendali.lib.tickets import new_ticket
    from kendali.lib.worktime import add_working
    from kendali.reports.models import Category, Report
    from kendali.sla.actions import AT_RISK_SHARE, policy_for
    from kendali.sla.models import Clock
    from kendali.sla.schedules import schedule_for
    from kendali.sops.actions import sop_for
    from kendali.sops.models import SOPRun, StepRun

    rng = random.Random(seed)
    categories = list(Category.objects.select_related("default_agency"))
    areas = list(Area.objects.filter(level="kelurahan").values_list("id", flat=True))
    stages = [
        ("submitted", 0.2, "verify"),
        ("verified", 0.1, "dispose"),
        ("dispositioned", 0.3, "first_response"),
        ("in_progress", 0.4, None),
    ]
    tickets: set[str] = set(Report.objects.values_list("ticket", flat=True))
    started = time.monotonic()
    reports = []
    for _ in range(count):
        ticket = new_ticket()
        while ticket in tickets:
            ticket = new_ticket()
        tickets.add(ticket)
        category = rng.choice(categories)
        status = rng.choices([s for s, _w, _c in stages], weights=[w for _s, w, _c in stages])[0]
        created = now - timedelta(minutes=rng.randint(10, 60 * 24 * 30))
        reports.append(
            Report(
                ticket=ticket,
                channel="web",
                category=category,
                description="Laporan uji beban untuk benchmark worker.",
                area_id=rng.choice(areas),
                latitude=-6.91,
                longitude=107.61,
                status=status,
                priority=category.default_priority,
                agency=category.default_agency
                if status in {"dispositioned", "in_progress"}
                else None,
                created_at=created,
                updated_at=created,
            )
        )
    Report.objects.bulk_create(reports, batch_size=5000)
    reports = list(
        Report.objects.filter(ticket__in=[r.ticket for r in reports]).select_related("category")
    )
    clocks, runs, pending_steps = [], [], []
    versions: dict[tuple[int, str], Any] = {}
    for report in reports:
        policy = policy_for(report.category_id, report.priority)
        stage_clock = next(c for s, _w, c in stages if s == report.status)
        for kind in [
            k for k in (stage_clock, None if report.status == "submitted" else "resolve") if k
        ]:
            target = policy.target(kind) if policy else None
            if policy is None or target is None:
                continue
            schedule = schedule_for(policy.calendar_id)
            due = add_working(schedule, report.created_at, timedelta(minutes=target))
            at_risk = add_working(
                schedule, report.created_at, timedelta(minutes=target * AT_RISK_SHARE)
            )
            clocks.append(
                Clock(
                    report=report,
                    kind=kind,
                    policy=policy,
                    calendar_id=policy.calendar_id,
                    ladder_id=policy.ladder_id,
                    target_minutes=target,
                    started_at=report.created_at,
                    due_at=due,
                    at_risk_at=at_risk,
                    # Work that was due before the benchmark started has been noticed already.
                    at_risk_noticed_at=at_risk if at_risk <= now else None,
                    breached_at=due if due <= now else None,
                    escalation_level=3 if due <= now else 0,
                )
            )
        if report.status != "submitted":
            key = (report.category_id, report.priority)
            if key not in versions:
                versions[key] = sop_for(report)
            version = versions[key]
            if version is not None:
                runs.append(SOPRun(report=report, version=version, started_at=report.created_at))
    Clock.objects.bulk_create(clocks, batch_size=5000)
    SOPRun.objects.bulk_create(runs, batch_size=5000)
    steps_of = {}
    for run in SOPRun.objects.filter(report__in=reports).select_related("version"):
        if run.version_id not in steps_of:
            steps_of[run.version_id] = list(run.version.steps.all())
        total = timedelta(0)
        for step in steps_of[run.version_id]:
            due = None
            if step.time_limit_minutes:
                total += timedelta(minutes=step.time_limit_minutes)
                due = run.started_at + total
            pending_steps.append(
                StepRun(
                    run=run,
                    step=step,
                    order=step.order,
                    due_at=due,
                    overdue_noticed_at=due if due and due <= now else None,
                    escalation_level=2 if due and due <= now else 0,
                )
            )
    StepRun.objects.bulk_create(pending_steps, batch_size=5000)
    return {
        "reports": len(reports),
        "clocks": len(clocks),
        "sop_runs": len(runs),
        "step_runs": len(pending_steps),
        "seconds": round(time.monotonic() - started, 1),
    }


def timed(function: Any) -> tuple[float, int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
    return elapsed * 1000, len(queries), result


def tick_all(now: datetime) -> dict[str, Any]:
    from kendali.notify.delivery import deliver_due
    from kendali.sla import monitor as sla_monitor
    from kendali.sops import monitor as sop_monitor

    return {"sla": sla_monitor.tick(now), "sops": sop_monitor.tick(now), "outbox": deliver_due()}


def explain(now: datetime) -> str:
    from kendali.sla.models import Clock

    query = Clock.objects.filter(
        stopped_at__isnull=True, paused_at__isnull=True, breached_at__isnull=True, due_at__lte=now
    ).order_by("due_at")[:200]
    from django.db import connection

    return query.explain(analyze=True) if connection.vendor == "postgresql" else query.explain()


def main() -> int:
    args = parse()
    data_dir = prepare_environment(args)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kendali.demo.load import load_city
    from kendali.sla.models import Clock

    print(f"database: {args.db}; data dir {data_dir}", flush=True)
    call_command("migrate", verbosity=0)
    load_city()
    now = datetime.now(UTC)
    print(f"populating {args.reports:,} open reports ...", flush=True)
    population = populate(args.reports, args.seed, now)
    print(f"  {population}", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    def select_one() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    def due_query() -> int:
        return len(
            list(
                Clock.objects.filter(
                    stopped_at__isnull=True,
                    paused_at__isnull=True,
                    breached_at__isnull=True,
                    due_at__lte=now,
                ).values_list("id", flat=True)[:200]
            )
        )

    baseline_roundtrip = statistics.median(timed(select_one)[0] for _ in range(50))
    baseline_due = statistics.median(timed(due_query)[0] for _ in range(20))

    steady = [timed(lambda: tick_all(now)) for _ in range(7)]
    steady_ms = statistics.median(ms for ms, _q, _r in steady)
    steady_queries = steady[-1][1]

    later = now + timedelta(hours=1)
    busy = []
    for _ in range(200):
        ms, queries, result = timed(lambda: tick_all(later))
        handled = sum(result["sla"].values()) + sum(result["sops"].values())
        busy.append({"ms": round(ms, 1), "queries": queries, "handled": handled, "detail": result})
        if handled == 0:
            break
    work_ticks = [b for b in busy if b["handled"]]
    results = {
        "benchmark": "worker",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": args.db,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "population": population,
        "baseline_select_1_ms": round(baseline_roundtrip, 2),
        "baseline_due_clocks_query_ms": round(baseline_due, 2),
        "steady_tick_ms": round(steady_ms, 1),
        "steady_tick_queries": steady_queries,
        "busy_ticks": busy,
        "busy_handled_total": sum(b["handled"] for b in busy),
        "busy_first_tick_ms": work_ticks[0]["ms"] if work_ticks else None,
        "busy_first_tick_queries": work_ticks[0]["queries"] if work_ticks else None,
        "busy_ms_per_item": round(
            sum(b["ms"] for b in work_ticks) / max(1, sum(b["handled"] for b in work_ticks)), 2
        ),
        "plan": explain(now),
    }
    print()
    print(
        f"open reports             {population['reports']:>10,}  "
        f"clocks {population['clocks']:,}, step runs {population['step_runs']:,}"
    )
    print(f"baseline SELECT 1        {baseline_roundtrip:>10.2f} ms")
    print(f"baseline due-clock query {baseline_due:>10.2f} ms")
    print(f"steady tick              {steady_ms:>10.1f} ms, {steady_queries} queries (nothing due)")
    if work_ticks:
        print(
            f"busy hour                {len(work_ticks):>10} ticks, "
            f"{results['busy_handled_total']:,} items, "
            f"first tick {work_ticks[0]['ms']:.0f} ms / {work_ticks[0]['queries']} queries, "
            f"{results['busy_ms_per_item']:.2f} ms per item"
        )
    print("plan of the due-clock query:")
    print("  " + results["plan"].replace("\n", "\n  "))
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = RESULTS / f"worker-{args.db}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    output.write_text(json.dumps(results, indent=2, default=str))
    print(f"results: {output}")
    connection.close()
    if args.db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
