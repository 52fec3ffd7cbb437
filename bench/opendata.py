"""Benchmark the million-row CSV download of the anonymised reports dataset: throughput and the
server's peak memory, against the same rows dumped by the database itself in the same run
(`sqlite3 -csv` / PostgreSQL `COPY ... TO STDOUT`).

    .venv/bin/python bench/opendata.py                       # SQLite and PostgreSQL, 1,000,000 rows
    .venv/bin/python bench/opendata.py --db sqlite --rows 200000

For each database: a fresh demo city plus the rows bulk-inserted as verified public reports, one
`kendali serve` process; the download is read through a socket as fast as the client can.
Peak memory is the server process's VmHWM before and after the download: constant-memory
streaming shows as a small difference whatever the number of rows.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
from common import (
    HOST,
    environment,
    machine,
    peak_rss_mb,
    pg_admin,
    pg_url,
    save,
    seed_reports,
    start_server,
    stop_server,
)

PG_NAME = "kendali_bench_opendata"
# The same columns the dataset publishes, straight from the database.
BASELINE_SQL = (
    "SELECT r.ticket, c.code, c.name_ind, r.status, r.channel, r.created_at, r.verified_at, "
    "r.resolved_at, r.closed_at, g.code, g.name, p.code, p.name, a.code, a.name, "
    "round(CAST(r.latitude AS numeric), 3), round(CAST(r.longitude AS numeric), 3) "
    "FROM reports_report r JOIN reports_category c ON c.id = r.category_id "
    "LEFT JOIN agencies_agency g ON g.id = r.agency_id "
    "LEFT JOIN cities_area a ON a.id = r.area_id LEFT JOIN cities_area p ON p.id = a.parent_id "
    "WHERE NOT r.is_confidential AND r.status IN "
    "('verified','dispositioned','in_progress','resolved','closed') ORDER BY r.created_at, r.id"
)


def baseline(db: str, data_dir: Path) -> dict[str, Any]:
    started = time.monotonic()
    if db == "sqlite":
        sql = BASELINE_SQL.replace("round(CAST(r.latitude AS numeric), 3)", "round(r.latitude, 3)")
        sql = sql.replace("round(CAST(r.longitude AS numeric), 3)", "round(r.longitude, 3)")
        command = ["sqlite3", "-csv", "-header", str(data_dir / "kendali.sqlite3"), sql]
    else:
        command = [
            "psql",
            pg_url(PG_NAME),
            "-c",
            f"\\copy ({BASELINE_SQL}) TO STDOUT WITH CSV HEADER",
        ]
    output = subprocess.run(command, capture_output=True, check=True).stdout
    seconds = time.monotonic() - started
    return {"seconds": seconds, "bytes": len(output), "rows": output.count(b"\n") - 1}


def download(port: int, server_pid: int) -> dict[str, Any]:
    with httpx.Client(base_url=f"http://{HOST}:{port}", timeout=600) as client:
        package = client.get("/api/3/action/package_show", params={"id": "laporan-warga"}).json()
        url = next(r["url"] for r in package["result"]["resources"] if r["format"] == "CSV")
        before = peak_rss_mb(server_pid)
        started = time.monotonic()
        size = 0
        lines = 0
        first_byte = None
        with client.stream("GET", url) as response:
            for chunk in response.iter_raw(65536):
                if first_byte is None:
                    first_byte = time.monotonic() - started
                size += len(chunk)
                lines += chunk.count(b"\n")
        seconds = time.monotonic() - started
    return {
        "seconds": seconds,
        "first_byte_s": first_byte,
        "bytes": size,
        "rows": lines - 1,
        "peak_rss_before_mb": before,
        "peak_rss_after_mb": peak_rss_mb(server_pid),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="both", choices=["sqlite", "postgres", "both"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results: dict[str, Any] = {"machine": machine(), "rows_seeded": args.rows, "runs": []}
    for db in databases:
        env, data_dir = environment(db, PG_NAME)
        seeding = seed_reports(env, args.rows, 365)
        print(f"{db}: seeded {args.rows} reports in {seeding:.0f} s", flush=True)
        base = baseline(db, data_dir)
        process, port = start_server(env)
        try:
            got = download(port, process.pid)
        finally:
            stop_server(process)
        run = {"db": db, "seed_seconds": seeding, "baseline": base, "download": got}
        results["runs"].append(run)
        for label, row in (("database dump (baseline)", base), ("Kendali CSV download", got)):
            print(
                f"{db:8} {label:26} {row['rows']:>9} rows {row['seconds']:6.1f} s "
                f"{row['rows'] / row['seconds']:>9.0f} rows/s "
                f"{row['bytes'] / row['seconds'] / 1e6:6.1f} MB/s",
                flush=True,
            )
        print(
            f"{db:8} server peak RSS {got['peak_rss_before_mb']:.0f} MB before, "
            f"{got['peak_rss_after_mb']:.0f} MB after the download",
            flush=True,
        )
        shutil.rmtree(data_dir, ignore_errors=True)
        if db == "postgres":
            pg_admin(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    print(f"results: {save('opendata', results)}")


if __name__ == "__main__":
    main()
