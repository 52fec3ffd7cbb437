"""Small helpers shared by bench/open311.py and bench/opendata.py: a fresh Kendali (SQLite or
PostgreSQL) with the demo loaded, bulk-seeded public reports, a server process, timings."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS_DIR = ROOT / "bench" / "results"
HOST = "127.0.0.1"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def pg_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(statement)


def environment(db: str, pg_name: str) -> tuple[dict[str, str], Path]:
    """A fresh data directory (and database) with the demo city loaded."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"kendali-bench-{db}-"))
    env = os.environ | {
        "KENDALI_DATA_DIR": str(data_dir),
        "KENDALI_BENCH_ENDPOINTS": "1",
        "KENDALI_RATELIMIT": "false",
        "KENDALI_LOG_LEVEL": "WARNING",
        "KENDALI_EMBEDDED_WORKER": "false",
        "KENDALI_SIMULATOR_RATE": "0",
    }
    env.pop("KENDALI_DATABASE_URL", None)
    if db == "postgres":
        pg_admin(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        pg_admin(f"CREATE DATABASE {pg_name}")
        env["KENDALI_DATABASE_URL"] = pg_url(pg_name)
    subprocess.run(
        [str(BIN / "kendali"), "demo", "--load-only", "--reports", "30"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return env, data_dir


def seed_reports(env: dict[str, str], count: int, days: int) -> float:
    """Insert ``count`` verified public reports spread over the last ``days`` days."""
    started = time.monotonic()
    subprocess.run(
        [str(BIN / "python"), str(ROOT / "bench" / "common.py"), "seed", str(count), str(days)],
        env=env,
        check=True,
    )
    return time.monotonic() - started


def _seed(count: int, days: int) -> None:
    """Runs inside Django (``python bench/common.py seed N DAYS``): bulk insert, no actions."""
    import random

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kendali.settings")
    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from kendali.cities.models import Area
    from kendali.reports.models import Category, Report

    rng = random.Random(11)
    categories = list(Category.objects.all())
    areas = list(Area.objects.filter(level="kelurahan").defer("geometry"))
    now = timezone.now()
    batch: list[Report] = []
    for n in range(count):
        area = rng.choice(areas)
        created = now - dt.timedelta(seconds=rng.randint(60, days * 86400))
        batch.append(
            Report(
                ticket=f"B{n // 10000:03d}-{n % 10000:04d}",
                channel="web",
                category=rng.choice(categories),
                description="Laporan benchmark: jalan berlubang di depan sekolah.",
                address="Jl. Benchmark 1",
                latitude=round(area.centroid_lat + rng.uniform(-0.002, 0.002), 6),
                longitude=round(area.centroid_lon + rng.uniform(-0.002, 0.002), 6),
                area=area,
                status=rng.choice(["verified", "dispositioned", "in_progress", "resolved"]),
                reporter_name="Pelapor Benchmark",
                reporter_contact="0812-0000-0000",
                created_at=created,
                updated_at=created,
                verified_at=created,
            )
        )
        if len(batch) == 10000:
            with transaction.atomic():
                Report.objects.bulk_create(batch)
            batch = []
    if batch:
        with transaction.atomic():
            Report.objects.bulk_create(batch)
    from kendali.opendata.actions import ensure_auto_datasets

    ensure_auto_datasets()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "kendali"), "serve", "--host", HOST, "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> dict[str, Any]:
    load = os.getloadavg()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_at_start": load,
    }


def save(name: str, results: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{name}-{stamp}.json"
    path.write_text(json.dumps(results, indent=2, default=str))
    return path


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "seed":
    _seed(int(sys.argv[2]), int(sys.argv[3]))
