"""Benchmark Open311 `GET requests` (1000 items, JSON and XML) against baselines served the same
way in the same run: the bare endpoint (/_bench/bare: middleware only) and the JSON API's own
public list (/api/v1/reports?limit=200).

    .venv/bin/python bench/open311.py                 # SQLite and PostgreSQL
    .venv/bin/python bench/open311.py --db sqlite --seconds 3

For each database: a fresh demo city plus 5,000 bulk-inserted public reports over 60 days, one
`kendali serve` process, then each endpoint at concurrency 1 and 4 (closed loop, keep-alive
connections, 1 s warm-up, then a timed window). Results: a table on stdout and JSON in
bench/results/; docs/benchmarks.md records them by hand.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import threading
import time
from typing import Any

from common import (
    HOST,
    environment,
    machine,
    pg_admin,
    save,
    seed_reports,
    start_server,
    stop_server,
)

ENDPOINTS = {
    "bare (baseline)": "/_bench/bare",
    "api/v1 list 200 (baseline)": "/api/v1/reports?limit=200",
    "open311 requests.json": "/open311/v2/requests.json",
    "open311 requests.xml": "/open311/v2/requests.xml",
}


def measure(port: int, path: str, concurrency: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    sizes: list[int] = []
    errors = 0
    lock = threading.Lock()
    stop_warmup = time.monotonic() + 1.0
    stop_at = stop_warmup + seconds

    def client() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while True:
            started = time.monotonic()
            if started >= stop_at:
                break
            connection.request("GET", path, headers={"Accept-Language": "id"})
            response = connection.getresponse()
            body = response.read()
            finished = time.monotonic()
            if started >= stop_warmup:
                with lock:
                    if response.status != 200:
                        errors += 1
                    latencies.append(finished - started)
                    sizes.append(len(body))
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    count = len(latencies)
    return {
        "requests": count,
        "errors": errors,
        "req_per_s": count / seconds,
        "p50_ms": 1000 * statistics.median(latencies) if count else None,
        "p99_ms": 1000 * latencies[min(count - 1, int(count * 0.99))] if count else None,
        "bytes": statistics.median(sizes) if sizes else None,
    }


def items(port: int) -> dict[str, int]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", "/open311/v2/requests.json")
    import json

    found = len(json.loads(connection.getresponse().read()))
    connection.close()
    return {"open311_items": found}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="both", choices=["sqlite", "postgres", "both"])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--reports", type=int, default=5000)
    args = parser.parse_args()
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results: dict[str, Any] = {"machine": machine(), "runs": []}
    for db in databases:
        env, data_dir = environment(db, "kendali_bench_open311")
        seed_reports(env, args.reports, 60)
        process, port = start_server(env)
        try:
            run: dict[str, Any] = {"db": db, **items(port), "rows": []}
            for concurrency in (1, 4):
                for name, path in ENDPOINTS.items():
                    row = measure(port, path, concurrency, args.seconds)
                    row |= {"endpoint": name, "concurrency": concurrency}
                    run["rows"].append(row)
                    print(
                        f"{db:8} c={concurrency} {name:28} {row['req_per_s']:8.1f} req/s "
                        f"p50 {row['p50_ms']:7.1f} ms  p99 {row['p99_ms']:7.1f} ms  "
                        f"{(row['bytes'] or 0) / 1024:7.1f} KiB  errors {row['errors']}",
                        flush=True,
                    )
            results["runs"].append(run)
        finally:
            stop_server(process)
            shutil.rmtree(data_dir, ignore_errors=True)
            if db == "postgres":
                pg_admin("DROP DATABASE IF EXISTS kendali_bench_open311 WITH (FORCE)")
    print(f"results: {save('open311', results)}")


if __name__ == "__main__":
    main()
