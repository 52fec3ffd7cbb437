"""Summarise several bench/intake.py result files as Markdown: the median of each number.

    .venv/bin/python bench/summarize.py bench/results/intake-*.json

The machine is shared and virtual, so one run can be disturbed by other work or by the
hypervisor; the median over a few full runs is what docs/benchmarks.md records, with the range
of the throughput next to it.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

ORDER = ["sqlite", "sqlite-normal", "postgres"]


def load(paths: list[Path]) -> list[dict[str, Any]]:
    runs = [json.loads(path.read_text()) for path in paths]
    full = [run for run in runs if not run.get("quick")]
    return full or runs


def collect(runs: list[dict[str, Any]]) -> dict[tuple[str, str, str, int], list[dict[str, Any]]]:
    cells: dict[tuple[str, str, str, int], list[dict[str, Any]]] = defaultdict(list)
    for run in runs:
        for config in run["runs"]:
            for m in config.get("measurements", []):
                key = (config["db"], config["server"], m["endpoint"], m["concurrency"])
                cells[key].append(m)
    return cells


def med(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    runs = load(args.files)
    cells = collect(runs)
    print(f"{len(runs)} run(s): " + ", ".join(run["date"] for run in runs) + "\n")
    print(
        "| database | server | conc. | bare req/s | bare p50 / p99 ms "
        "| intake req/s (range) | intake p50 / p99 ms | intake / bare |"
    )
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    keys = sorted(
        {(db, server, conc) for db, server, _e, conc in cells},
        key=lambda k: (ORDER.index(k[0]) if k[0] in ORDER else 9, k[1] != "uvicorn", k[1], k[2]),
    )
    for db, server, conc in keys:
        bare = cells.get((db, server, "bare", conc), [])
        intake = cells.get((db, server, "intake", conc), [])
        if not bare or not intake:
            continue
        bare_rps = med([m["rps"] for m in bare])
        intake_rates = [m["rps"] for m in intake]
        intake_rps = med(intake_rates)
        bare_p50, bare_p99 = med([m["p50_ms"] for m in bare]), med([m["p99_ms"] for m in bare])
        p50, p99 = med([m["p50_ms"] for m in intake]), med([m["p99_ms"] for m in intake])
        print(
            f"| {db} | {server} | {conc} | {bare_rps:.0f} | {bare_p50:.1f} / {bare_p99:.0f} "
            f"| {intake_rps:.0f} ({min(intake_rates):.0f}–{max(intake_rates):.0f}) "
            f"| {p50:.0f} / {p99:.0f} | {intake_rps / bare_rps:.2f} |"
        )
    print("\nServer CPU (% of one core), median over runs and concurrency levels:")
    for db, server in sorted({(k[0], k[1]) for k in cells}):
        for endpoint in ("bare", "intake"):
            values = [
                m["server_cpu_pct"]
                for (d, s, e, _c), ms in cells.items()
                if (d, s, e) == (db, server, endpoint)
                for m in ms
                if m["server_cpu_pct"] is not None
            ]
            others = [
                m["other_cpu_pct"]
                for (d, s, e, _c), ms in cells.items()
                if (d, s, e) == (db, server, endpoint)
                for m in ms
            ]
            if values:
                print(
                    f"  {db:<14}{server:<10}{endpoint:<7} server {med(values):.0f}%, "
                    f"other {med(others):.0f}%"
                )
    ceiling = [m["rps"] for run in runs for m in run.get("client_ceiling", [])]
    client = [
        m["client_cpu_pct"]
        for ms in cells.values()
        for m in ms
        if m["endpoint"] == "bare" and m["concurrency"] == max(c for *_x, c in cells)
    ]
    if ceiling:
        print(
            f"\nClient ceiling against the canned server: median of the best per run "
            f"{med([max(m['rps'] for m in run['client_ceiling']) for run in runs]):.0f} req/s; "
            f"client CPU on bare at the highest concurrency: median {med(client):.0f}% of a core"
        )
    failures = [
        f"{run['date']} {config['db']}/{config['server']}"
        for run in runs
        for config in run["runs"]
        if "error" in config
        or not config.get("verification", {}).get("ok")
        or not config.get("verification", {}).get("audit_chain_ok")
        or any(m["errors"] for m in config.get("measurements", []))
    ]
    print("\nFailures or errors: " + (", ".join(failures) if failures else "none"))


if __name__ == "__main__":
    main()
