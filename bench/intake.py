"""Benchmark report intake (POST /api/v1/reports) against a bare Django endpoint.

Every configuration (database x ASGI server) gets a fresh data directory (and, for PostgreSQL,
a fresh database), loaded with `kendali demo --load-only --reports 50`. The server runs in a
subprocess with KENDALI_BENCH_ENDPOINTS=1, which adds GET /_bench/bare: the full middleware stack,
no database, a tiny JSON body. In the same server process the script measures the baseline and
then intake at each concurrency level, with a closed-loop load generator (one HTTP/1.1 keep-alive
connection per concurrent client, raw asyncio streams, requests pre-encoded) so that the client
stays light. It first measures the client's own ceiling against a canned in-memory HTTP server.

After the intake runs it checks that the number of reports grew by exactly the number of 201
answers and that the audit hash chain is intact.

    .venv/bin/python bench/intake.py                 # full run (about 4 minutes)
    .venv/bin/python bench/intake.py --quick         # smoke run
    .venv/bin/python bench/intake.py --db sqlite --server granian

Results: a table on stdout and JSON under bench/results/. Numbers are not asserted anywhere;
docs/benchmarks.md records them by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS_DIR = ROOT / "bench" / "results"
HOST = "127.0.0.1"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "kendali_bench"
PG_BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Database configurations. "sqlite" is what users get (synchronous=FULL, the default);
# "sqlite-normal" is only for comparison (a commit is durable once the WAL is checkpointed).
DATABASES: dict[str, dict[str, str]] = {
    "sqlite": {},
    "sqlite-normal": {"KENDALI_SQLITE_SYNCHRONOUS": "NORMAL"},
    "postgres": {"KENDALI_DATABASE_URL": PG_BENCH_URL},
}
DB_LABELS = {
    "sqlite": "SQLite (WAL, synchronous=FULL: default)",
    "sqlite-normal": "SQLite (WAL, synchronous=NORMAL: comparison only)",
    "postgres": "PostgreSQL (pool, fsync=on, synchronous_commit=on)",
}

# ASGI servers, one process serving the app each (Kendali's live-event broker is in-process).
# uvloop and httptools are not installed, so uvicorn runs the asyncio loop with h11.
GRANIAN = [
    "{bin}/granian",
    "--interface",
    "asgi",
    "--workers",
    "1",
    "--host",
    "{host}",
    "--port",
    "{port}",
    "--log-level",
    "warning",
]
SERVERS: dict[str, list[str]] = {
    "uvicorn": ["{bin}/kendali", "serve", "--host", "{host}", "--port", "{port}"],
    "granian": [*GRANIAN, "kendali.asgi:application"],
    # Variants for choosing options; run them with --server NAME[,NAME...].
    "granian-asginl": [
        *[("asginl" if part == "asgi" else part) for part in GRANIAN],
        "kendali.asgi:application",
    ],
    "granian-rust": [*GRANIAN, "--task-impl", "rust", "kendali.asgi:application"],
    "granian-st": [*GRANIAN, "--runtime-mode", "st", "kendali.asgi:application"],
    "granian-mt2": [
        *GRANIAN,
        "--runtime-mode",
        "mt",
        "--runtime-threads",
        "2",
        "kendali.asgi:application",
    ],
    "granian-http1": [*GRANIAN, "--http", "1", "--no-ws", "kendali.asgi:application"],
}
SERVER_NOTES = {
    "uvicorn": "`kendali serve`: uvicorn, asyncio loop, h11 (uvloop/httptools not installed)",
    "granian": "granian --interface asgi, 1 worker (Django has no lifespan: granian warns once)",
    "granian-asginl": "granian, ASGI without lifespan",
    "granian-rust": "granian, Rust task implementation (experimental)",
    "granian-st": "granian, single-threaded Rust runtime",
    "granian-mt2": "granian, multi-threaded Rust runtime with 2 threads",
    "granian-http1": "granian, HTTP/1 only, websockets off",
}
SERVER_GROUPS = {"both": ["uvicorn", "granian"], "all": list(SERVERS)}
DB_GROUPS = {"both": ["sqlite", "postgres"], "all": list(DATABASES)}


# ---------------------------------------------------------------------------------------------
# Requests


def intake_bodies(count: int, seed: int = 7) -> list[bytes]:
    """JSON bodies for POST /api/v1/reports: demo categories and words, points inside
    kelurahan polygons of the demo city."""
    from shapely.geometry import Point, shape
    from shapely.prepared import prep

    from kendali.demo import data

    rng = random.Random(seed)
    features = json.loads(data.AREAS_FILE.read_text(encoding="utf-8"))["features"]
    areas = [
        (shape(f["geometry"]), prep(shape(f["geometry"])))
        for f in features
        if f["properties"].get("level") == "kelurahan"
    ]
    codes = [row[0] for row in data.CATEGORIES]
    weights = [row[6] for row in data.CATEGORIES]
    bodies = []
    for _ in range(count):
        polygon, prepared = rng.choice(areas)
        min_x, min_y, max_x, max_y = polygon.bounds
        while True:
            x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
            if prepared.contains(Point(x, y)):
                break
        category = rng.choices(codes, weights=weights)[0]
        street, landmark = rng.choice(data.STREETS), rng.choice(data.LANDMARKS)
        template = rng.choice(data.DESCRIPTIONS.get(category, ["Ada masalah di {street}."]))
        description = template.format(
            street=street,
            landmark=landmark,
            days=rng.randint(2, 14),
            depth=rng.choice([20, 30, 40, 50, 70]),
            count=rng.randint(2, 6),
        )
        name = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
        body = {
            "category": category,
            "description": description,
            "latitude": round(y, 6),
            "longitude": round(x, 6),
            "address": f"{street}, {landmark}",
            "reporter_name": name,
            "reporter_contact": f"0812-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
            "anonymous": False,
            "confidential": False,
        }
        bodies.append(json.dumps(body).encode())
    return bodies


def post_request(port: int, body: bytes) -> bytes:
    head = (
        f"POST /api/v1/reports HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        "User-Agent: kendali-bench\r\nAccept: application/json\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def get_request(port: int, path: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        "User-Agent: kendali-bench\r\nAccept: application/json\r\n\r\n"
    ).encode()


# ---------------------------------------------------------------------------------------------
# Load generator: closed loop, one keep-alive connection per concurrent client.


@dataclass
class Measurement:
    endpoint: str
    concurrency: int
    seconds: float
    requests: int  # answers completed inside the measured window
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int  # unexpected answers (or connection failures) inside the window
    expected_status: int
    statuses_all_phases: dict[str, int]  # warm-up, window and drain together
    client_cpu_pct: float  # of one core
    server_cpu_pct: float | None  # of one core, the server's processes
    machine_busy_pct: float  # of the whole machine (all cores)
    machine_iowait_pct: float
    machine_steal_pct: float  # CPU the hypervisor gave to other guests: a noisy host
    other_cpu_pct: float  # of one core: busy minus server and client (PostgreSQL, other work)


@dataclass
class _State:
    stop: bool = False
    done: list[tuple[float, float, int]] = field(default_factory=list)  # (end, latency, status)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    lower = head.lower()
    close = b"\r\nconnection: close" in lower
    at = lower.find(b"\r\ncontent-length:")
    if at >= 0:
        end = lower.index(b"\r\n", at + 2)
        await reader.readexactly(int(lower[at + 17 : end]))
    elif b"\r\ntransfer-encoding: chunked" in lower:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, close


async def _client(port: int, requests: list[bytes], start: int, step: int, state: _State) -> None:
    index = start
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    clock = time.perf_counter
    try:
        while not state.stop:
            if writer is None:
                try:
                    reader, writer = await asyncio.open_connection(HOST, port)
                except OSError:
                    state.done.append((clock(), 0.0, 0))
                    await asyncio.sleep(0.05)
                    continue
            assert reader is not None
            request = requests[index % len(requests)]
            index += step
            began = clock()
            try:
                writer.write(request)
                status, close = await _read_response(reader)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
                status, close = 0, True
            ended = clock()
            state.done.append((ended, ended - began, status))
            if close:
                writer.close()
                writer = None
    finally:
        if writer is not None:
            writer.close()


def _percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return float("nan")
    rank = max(1, round(fraction * len(ordered) + 0.5))  # nearest rank
    return ordered[min(rank, len(ordered)) - 1]


class CpuProbe:
    """CPU seconds of this process, of the server's process tree and of the whole machine."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids

    def snapshot(self) -> tuple[float, float | None, float, float, float, float]:
        server: float | None = 0.0
        for pid in self.pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                server = None
                break
            assert server is not None
            server += (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime
        cpu = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        total = sum(cpu[:8]) / CLK_TCK
        idle, iowait, steal = cpu[3] / CLK_TCK, cpu[4] / CLK_TCK, cpu[7] / CLK_TCK
        return time.process_time(), server, total, idle, iowait, steal


async def measure(
    port: int,
    endpoint: str,
    requests: list[bytes],
    concurrency: int,
    warmup: float,
    duration: float,
    expected: int,
    probe: CpuProbe,
) -> Measurement:
    state = _State()
    tasks = [
        asyncio.create_task(_client(port, requests, i, concurrency, state))
        for i in range(concurrency)
    ]
    await asyncio.sleep(warmup)
    before = probe.snapshot()
    window_start = time.perf_counter()
    await asyncio.sleep(duration)
    window_end = time.perf_counter()
    after = probe.snapshot()
    state.stop = True
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=120)

    inside = [(lat, status) for end, lat, status in state.done if window_start <= end < window_end]
    seconds = window_end - window_start
    latencies = sorted(lat for lat, status in inside if status == expected)
    errors = sum(1 for _lat, status in inside if status != expected)
    machine_total = after[2] - before[2]
    steal = after[5] - before[5]
    busy = machine_total - (after[3] - before[3]) - (after[4] - before[4]) - steal
    cores = len(os.sched_getaffinity(0))
    client_cpu = 100 * (after[0] - before[0]) / seconds
    server_cpu = (
        None
        if before[1] is None or after[1] is None
        else round(100 * (after[1] - before[1]) / seconds, 1)
    )
    return Measurement(
        endpoint=endpoint,
        concurrency=concurrency,
        seconds=round(seconds, 3),
        requests=len(inside),
        rps=round(len(latencies) / seconds, 1),
        p50_ms=round(1000 * _percentile(latencies, 0.50), 2),
        p90_ms=round(1000 * _percentile(latencies, 0.90), 2),
        p99_ms=round(1000 * _percentile(latencies, 0.99), 2),
        max_ms=round(1000 * latencies[-1], 2) if latencies else float("nan"),
        errors=errors,
        expected_status=expected,
        statuses_all_phases={
            str(k): v for k, v in sorted(Counter(s for *_x, s in state.done).items())
        },
        client_cpu_pct=round(client_cpu, 1),
        server_cpu_pct=server_cpu,
        machine_busy_pct=round(100 * busy / machine_total, 1) if machine_total else 0.0,
        machine_iowait_pct=round(100 * (after[4] - before[4]) / machine_total, 1)
        if machine_total
        else 0.0,
        machine_steal_pct=round(100 * steal / machine_total, 1) if machine_total else 0.0,
        other_cpu_pct=round(
            max(0.0, 100 * cores * busy / machine_total - client_cpu - (server_cpu or 0.0)), 1
        )
        if machine_total
        else 0.0,
    )


# ---------------------------------------------------------------------------------------------
# The client's own ceiling: a canned HTTP/1.1 server that answers from memory.

CANNED = (
    b"HTTP/1.1 200 OK\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\nserver: canned\r\n"
    b"Content-Type: application/json\r\nContent-Security-Policy: " + b"x" * 200 + b"\r\n"
    b"X-Frame-Options: DENY\r\nContent-Length: 12\r\nVary: Accept-Language\r\n"
    b"Content-Language: id\r\nX-Content-Type-Options: nosniff\r\n"
    b"Referrer-Policy: same-origin\r\nCross-Origin-Opener-Policy: same-origin\r\n\r\n"
    b'{"ok": true}'
)


class _CannedProtocol(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: Any = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lower = self.buffer[:end].lower()
            at = lower.find(b"\r\ncontent-length:")
            length = int(lower[at + 17 :].split(b"\r\n", 1)[0]) if at >= 0 else 0
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            self.transport.write(CANNED)


def canned_server(port: int) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(_CannedProtocol, HOST, port)
        async with server:
            await server.serve_forever()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


# ---------------------------------------------------------------------------------------------
# Servers and databases


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def children_of(pid: int) -> list[int]:
    """The process and all its descendants (granian runs a supervisor and a worker)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(parents.get(current, []))
    return found


class Server:
    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.command = command
        self.log_path = log
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, port: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.tail()}")
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=2)
                connection.request("GET", "/_bench/bare")
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return
                raise RuntimeError(f"/_bench/bare answered {status}:\n{self.tail()}")
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server not ready after {timeout}s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        if not self.log.closed:
            self.log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the group this script started
                self.process.wait(timeout=5)
        if not self.log.closed:
            self.log.close()


def server_env(data_dir: Path, db: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("KENDALI_", "GRANIAN_", "DJANGO_"))
    }
    env.update(
        {
            "KENDALI_DATA_DIR": str(data_dir),
            "KENDALI_BENCH_ENDPOINTS": "1",
            "KENDALI_REPORT_RATE": "",
            "KENDALI_RATELIMIT": "false",
            "KENDALI_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(DATABASES[db])
    return env


def pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(statement)


def pg_reset() -> None:
    pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
    pg_admin(f"CREATE DATABASE {PG_BENCH_DB}")


def count_reports(db: str, data_dir: Path) -> int:
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_BENCH_URL, connect_timeout=5) as pg:
            row = pg.execute("SELECT count(*) FROM reports_report").fetchone()
            assert row is not None
            return int(row[0])
    lite = sqlite3.connect(data_dir / "kendali.sqlite3", timeout=30)
    try:
        return int(lite.execute("SELECT count(*) FROM reports_report").fetchone()[0])
    finally:
        lite.close()


def postgres_info() -> dict[str, str]:
    import psycopg

    names = ("server_version", "fsync", "synchronous_commit", "shared_buffers", "max_connections")
    found = {}
    with psycopg.connect(PG_ADMIN_URL, connect_timeout=5) as conn:
        for name in names:
            row = conn.execute(f"SHOW {name}").fetchone()
            found[name] = str(row[0]) if row else ""
    return found


# ---------------------------------------------------------------------------------------------
# Runs


@dataclass
class Options:
    concurrency: list[int]
    warmup: float
    duration: float
    keep: bool


def run_config(db: str, server_name: str, options: Options, bodies: list[bytes]) -> dict[str, Any]:
    """Prepare a fresh database, serve it, measure baseline and intake, verify, tear down."""
    result: dict[str, Any] = {"db": db, "server": server_name, "measurements": []}
    data_dir = Path(tempfile.mkdtemp(prefix=f"kendali-bench-{db}-{server_name}-"))
    env = server_env(data_dir, db)
    server: Server | None = None
    try:
        if db == "postgres":
            pg_reset()
        began = time.monotonic()
        load = subprocess.run(
            [str(BIN / "kendali"), "demo", "--load-only", "--reports", "50"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if load.returncode != 0:
            raise RuntimeError(f"demo load failed:\n{load.stdout}\n{load.stderr}")
        if db == "postgres":
            pg_admin("CHECKPOINT")  # flush the demo load now, not during the first measurement
        result["prepare_seconds"] = round(time.monotonic() - began, 1)
        before = count_reports(db, data_dir)

        port = free_port()
        command = [part.format(bin=BIN, host=HOST, port=port) for part in SERVERS[server_name]]
        result["server_command"] = " ".join(
            part.replace(str(BIN) + "/", ".venv/bin/") for part in command
        )
        server = Server(command, env, data_dir / "server.log")
        server.wait_ready(port)
        probe = CpuProbe(children_of(server.process.pid))
        result["server_processes"] = len(probe.pids)

        bare = [get_request(port, "/_bench/bare")]
        intake = [post_request(port, body) for body in bodies]
        created = 0
        for endpoint, requests, expected in (("bare", bare, 200), ("intake", intake, 201)):
            for concurrency in options.concurrency:
                m = asyncio.run(
                    measure(
                        port,
                        endpoint,
                        requests,
                        concurrency,
                        options.warmup,
                        options.duration,
                        expected,
                        probe,
                    )
                )
                result["measurements"].append(asdict(m))
                if endpoint == "intake":
                    created += m.statuses_all_phases.get("201", 0)
                print_measurement(db, server_name, m)
        result["server_log_tail"] = server.tail(40)[-4000:]  # warnings or errors while serving
        server.stop()
        after = count_reports(db, data_dir)
        audit = subprocess.run(
            [str(BIN / "kendali"), "audit", "verify"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        result["verification"] = {
            "reports_before": before,
            "reports_after": after,
            "answers_201": created,
            "ok": after - before == created,
            "audit_chain_ok": audit.returncode == 0,
            "audit_output": (audit.stdout + audit.stderr).strip()[-500:],
        }
        v = result["verification"]
        print(
            f"  verify: reports {before} -> {after} (+{after - before}), 201 answers {created}: "
            f"{'OK' if v['ok'] else 'MISMATCH'}; audit chain: {v['audit_output'].splitlines()[-1]}"
        )
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
        print(f"  FAILED {db}/{server_name}: {result['error']}")
    finally:
        if server is not None:
            server.stop()
        if db == "postgres" and not options.keep:
            with contextlib.suppress(Exception):
                pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        if options.keep:
            result["data_dir"] = str(data_dir)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return result


def client_ceiling(options: Options, bodies: list[bytes]) -> list[dict[str, Any]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--canned-server", str(port)],
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("canned server did not start") from None
                time.sleep(0.05)
        probe = CpuProbe([process.pid])
        requests = [post_request(port, body) for body in bodies]
        rows = []
        for concurrency in options.concurrency:
            m = asyncio.run(
                measure(
                    port,
                    "canned",
                    requests,
                    concurrency,
                    min(options.warmup, 0.5),
                    min(options.duration, 2.0),
                    200,
                    probe,
                )
            )
            rows.append(asdict(m))
            print_measurement("-", "canned", m)
        return rows
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---------------------------------------------------------------------------------------------
# Reporting


def machine_info() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    models = [
        line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line
    ]
    meminfo = dict(
        line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines() if ":" in line
    )
    mem_kib = int(meminfo["MemTotal"].split()[0])
    flags = next((line for line in cpuinfo.splitlines() if line.startswith("flags")), "")
    mhz = next((line.split(":")[1].strip() for line in cpuinfo.splitlines() if "MHz" in line), "")
    return {
        "cpu_model": models[0] if models else platform.processor(),
        "cpu_mhz": mhz,
        "virtual_machine": " hypervisor" in flags,
        "logical_cpus": len(models) or os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
    }


def background_load(seconds: float = 2.0) -> dict[str, float]:
    """How busy the machine is before the benchmark starts, in % of all cores."""

    def sample() -> list[int]:
        return [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]

    first = sample()
    time.sleep(seconds)
    delta = [b - a for a, b in zip(first, sample(), strict=True)]
    total = max(1, sum(delta))
    return {
        "busy_pct": round(100 * (total - delta[3] - delta[4] - delta[7]) / total, 1),
        "steal_pct": round(100 * delta[7] / total, 1),
    }


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for package in ("Django", "django-ninja", "uvicorn", "h11", "granian", "psycopg", "asgiref"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


HEADER = (
    f"{'db':<14}{'server':<15}{'endpoint':<8}{'conc':>5}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    f"{'err':>5}{'srv%':>6}{'cli%':>6}{'oth%':>6}{'busy%':>7}{'iow%':>6}{'stl%':>6}"
)


def print_measurement(db: str, server: str, m: Measurement) -> None:
    srv = "-" if m.server_cpu_pct is None else f"{m.server_cpu_pct:.0f}"
    print(
        f"{db:<14}{server:<15}{m.endpoint:<8}{m.concurrency:>5}{m.rps:>9.1f}{m.p50_ms:>9.2f}"
        f"{m.p99_ms:>9.2f}{m.errors:>5}{srv:>6}{m.client_cpu_pct:>6.0f}{m.other_cpu_pct:>6.0f}"
        f"{m.machine_busy_pct:>7.0f}{m.machine_iowait_pct:>6.0f}{m.machine_steal_pct:>6.0f}",
        flush=True,
    )


def print_summary(runs: list[dict[str, Any]], ceiling: list[dict[str, Any]]) -> None:
    print("\nIntake next to the bare baseline (same server process, same run)")
    print(
        f"{'db':<14}{'server':<15}{'conc':>5} | {'bare req/s':>10}{'p50':>7}{'p99':>7} | "
        f"{'intake req/s':>12}{'p50':>8}{'p99':>8}{'err':>5} | {'intake/bare':>11}"
    )
    for run in runs:
        if "error" in run:
            print(f"{run['db']:<14}{run['server']:<15} FAILED: {run['error'].splitlines()[0]}")
            continue
        bare = {m["concurrency"]: m for m in run["measurements"] if m["endpoint"] == "bare"}
        for m in run["measurements"]:
            if m["endpoint"] != "intake":
                continue
            b = bare.get(m["concurrency"])
            if b is None:
                continue
            ratio = m["rps"] / b["rps"] if b["rps"] else float("nan")
            print(
                f"{run['db']:<14}{run['server']:<15}{m['concurrency']:>5} | "
                f"{b['rps']:>10.0f}{b['p50_ms']:>7.2f}{b['p99_ms']:>7.2f} | "
                f"{m['rps']:>12.0f}{m['p50_ms']:>8.2f}{m['p99_ms']:>8.2f}{m['errors']:>5} | "
                f"{ratio:>10.3f}x"
            )
    best_bare = max(
        (m["rps"] for r in runs for m in r.get("measurements", []) if m["endpoint"] == "bare"),
        default=0.0,
    )
    top = max((m["rps"] for m in ceiling), default=0.0)
    if top:
        print(
            f"\nClient ceiling (canned in-memory server, same client): {top:.0f} req/s; "
            f"fastest bare Django answer rate measured: {best_bare:.0f} req/s "
            f"({100 * best_bare / top:.0f}% of the ceiling)."
        )


def problems(run: dict[str, Any]) -> list[str]:
    """What went wrong in one configuration: failures, unexpected answers, a bad count."""
    found = []
    if "error" in run:
        found.append(run["error"].splitlines()[0])
    for m in run.get("measurements", []):
        unexpected = {
            status: n
            for status, n in m["statuses_all_phases"].items()
            if status != str(m["expected_status"])
        }
        if unexpected:
            found.append(f"{m['endpoint']} c={m['concurrency']}: unexpected answers {unexpected}")
    verification = run.get("verification")
    if verification is not None and not verification["ok"]:
        found.append("report count does not match the 201 answers")
    if verification is not None and not verification["audit_chain_ok"]:
        found.append("audit chain broken")
    return found


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short smoke run")
    parser.add_argument(
        "--db",
        default=None,
        help="sqlite | postgres | both | sqlite-normal | all, or a comma list "
        "(default: all; with --quick: both)",
    )
    parser.add_argument(
        "--server",
        default="both",
        help=f"uvicorn | granian | both | all, or a comma list of {', '.join(SERVERS)}",
    )
    parser.add_argument("--concurrency", default=None, help="comma list (default 1,8,32)")
    parser.add_argument("--duration", type=float, default=None, help="measured seconds each")
    parser.add_argument("--warmup", type=float, default=None, help="warm-up seconds each")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the client ceiling")
    parser.add_argument("--keep", action="store_true", help="keep data dirs and the PG database")
    parser.add_argument("--output", type=Path, default=None, help="JSON file to write")
    parser.add_argument("--canned-server", type=int, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def expand(value: str, groups: dict[str, list[str]], known: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for part in value.split(","):
        for name in groups.get(part.strip(), [part.strip()]):
            if name not in known:
                raise SystemExit(f"unknown name {name!r}; choose from {', '.join(known)}")
            if name not in names:
                names.append(name)
    return names


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.canned_server is not None:
        canned_server(args.canned_server)
        return 0
    dbs = expand(args.db or ("both" if args.quick else "all"), DB_GROUPS, DATABASES)
    servers = expand(args.server, SERVER_GROUPS, SERVERS)
    options = Options(
        concurrency=[
            int(c) for c in (args.concurrency or ("1,8" if args.quick else "1,8,32")).split(",")
        ],
        warmup=args.warmup if args.warmup is not None else (0.5 if args.quick else 1.0),
        duration=args.duration if args.duration is not None else (1.5 if args.quick else 4.0),
        keep=args.keep,
    )
    started = dt.datetime.now(dt.UTC)
    info: dict[str, Any] = {
        "benchmark": "intake",
        "date": started.isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": machine_info(),
        "versions": versions(),
        "options": asdict(options),
        "databases": {db: DB_LABELS[db] for db in dbs},
        "servers": {name: SERVER_NOTES[name] for name in servers},
        "client": "asyncio streams, HTTP/1.1 keep-alive, one connection per concurrent client",
    }
    if "postgres" in dbs:
        try:
            info["postgres"] = postgres_info()
        except Exception as exc:
            info["postgres"] = {"error": f"{type(exc).__name__}: {exc}"}
    machine = info["machine"]
    print(
        f"kendali intake benchmark, {info['date']}: {machine['cpu_model']}, "
        f"{machine['usable_cpus']} cpus, {machine['memory_gib']} GiB; "
        + ", ".join(f"{k} {v}" for k, v in info["versions"].items())
    )
    print(
        f"concurrency {options.concurrency}, warm-up {options.warmup}s, "
        f"measured {options.duration}s each. srv%/cli%/oth%: CPU in % of one core used by the "
        "server, this client, everything else (PostgreSQL, other processes); busy%/iow%/stl%: "
        "whole machine busy, in I/O wait, stolen by the hypervisor"
    )
    background = info["background_before_start"] = background_load()
    noisy = background["busy_pct"] > 10 or background["steal_pct"] > 5
    print(
        f"before starting: machine {background['busy_pct']}% busy with other processes, "
        f"{background['steal_pct']}% stolen by the hypervisor"
        + ("  WARNING: not idle, numbers will be noisy" if noisy else "")
    )
    bodies = intake_bodies(2000)
    print("\n" + HEADER)
    ceiling: list[dict[str, Any]] = []
    if not args.no_ceiling:
        try:
            ceiling = client_ceiling(options, bodies)
        except Exception as exc:
            print(f"client ceiling not measured: {exc}")
    runs = []
    for db in dbs:
        for server_name in servers:
            runs.append(run_config(db, server_name, options, bodies))
    info["client_ceiling"] = ceiling
    info["runs"] = runs
    info["seconds"] = round((dt.datetime.now(dt.UTC) - started).total_seconds(), 1)
    print_summary(runs, ceiling)

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = args.output or RESULTS_DIR / f"intake-{started:%Y%m%dT%H%M%SZ}.json"
    output.write_text(json.dumps(info, indent=2) + "\n")
    print(f"\nresults: {output} ({info['seconds']}s)")

    failed = [r for r in runs if problems(r)]
    for run in failed:
        print(f"{run['db']}/{run['server']}: {'; '.join(problems(run))}")
    if failed:
        print("some runs failed or had errors; see above")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
