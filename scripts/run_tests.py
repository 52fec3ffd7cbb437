"""`make test`: lint, type-check and run the whole suite on SQLite and on PostgreSQL.

With CI=true, a missing PostgreSQL or chromium fails the run. On a laptop without them the
SQLite suite still runs, and the summary says plainly what was skipped.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES_URL = os.environ.get(
    "KENDALI_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/kendali"
)
CHROMIUM = os.environ.get("KENDALI_CHROMIUM", "/usr/bin/chromium")
CI = os.environ.get("CI", "").lower() == "true"


def step(title: str) -> None:
    print(f"\n=== {title}", flush=True)


def run(command: list[str], env: dict[str, str] | None = None) -> bool:
    print("$ " + " ".join(command), flush=True)
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode == 0


def postgres_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        import psycopg

        url = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(url, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except Exception as exc:  # any failure to connect means "not available here"
        return str(exc).strip().splitlines()[0]
    return None


def chromium_available() -> str | None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return None
    return f"{CHROMIUM} not found (apt-get install -y chromium)"


def lint() -> bool:
    step("lint: ruff, ruff format, mypy")
    targets = ["kendali", "tests", "bench", "scripts", "conftest.py"]
    ok = run([str(BIN / "ruff"), "check", *targets])
    ok = run([str(BIN / "ruff"), "format", "--check", *targets]) and ok
    ok = run([str(BIN / "mypy"), "kendali"]) and ok
    return ok


def suite(name: str, env: dict[str, str], browser: bool) -> bool:
    step(f"tests on {name}" + ("" if browser else " (without browser tests)"))
    command = [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider"]
    if not browser:
        command += ["-m", "not browser"]
    return run(command, env)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lint-only", action="store_true")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()

    started = time.monotonic()
    results: list[tuple[str, bool]] = []
    skipped: list[str] = []
    results.append(("lint", lint()))
    if args.lint_only:
        return report(results, skipped, started)

    scratch = Path(tempfile.mkdtemp(prefix="kendali-test-"))
    base = os.environ | {
        "KENDALI_DATA_DIR": str(scratch / "data"),
        "KENDALI_SQLITE_SYNCHRONOUS": "NORMAL",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    base.pop("KENDALI_DATABASE_URL", None)

    step("django checks and migrations")
    results.append(
        ("django check", run([str(BIN / "kendali"), "check", "--fail-level", "WARNING"], base))
    )
    results.append(
        (
            "migrations up to date",
            run([str(BIN / "kendali"), "makemigrations", "--check", "--dry-run"], base),
        )
    )
    results.append(("translations compile", check_translations(base)))

    no_browser = chromium_available()
    if no_browser:
        skipped.append(f"browser tests: {no_browser}")
    sqlite_env = base | {"KENDALI_TEST_SQLITE_FILE": str(scratch / "test.sqlite3")}
    results.append(("suite on SQLite", suite("SQLite", sqlite_env, browser=not no_browser)))

    no_postgres = postgres_available()
    if args.sqlite_only:
        skipped.append("PostgreSQL suite: --sqlite-only")
    elif no_postgres:
        skipped.append(f"PostgreSQL suite: cannot connect to {POSTGRES_URL} ({no_postgres})")
    else:
        pg_env = base | {
            "KENDALI_DATABASE_URL": POSTGRES_URL,
            "KENDALI_DATA_DIR": str(scratch / "pg"),
        }
        results.append(("suite on PostgreSQL", suite("PostgreSQL", pg_env, browser=not no_browser)))

    shutil.rmtree(scratch, ignore_errors=True)
    if CI and (no_browser or (no_postgres and not args.sqlite_only)):
        results.append(("CI requires PostgreSQL and chromium", False))
    return report(results, skipped, started)


def check_translations(env: dict[str, str]) -> bool:
    """Every catalog compiles, matches its committed .mo, and has nothing untranslated or fuzzy.
    Needs GNU gettext (msgfmt, msgattrib); without it the check says so and passes."""
    import filecmp

    if not (shutil.which("msgfmt") and shutil.which("msgattrib")):
        print("gettext tools not found: translation catalogs not checked")
        return True
    ok = True
    for po in sorted((ROOT / "kendali" / "locale").glob("*/LC_MESSAGES/*.po")):
        with tempfile.NamedTemporaryFile(suffix=".mo") as compiled:
            if not run(["msgfmt", "--check", "-o", compiled.name, str(po)], env):
                ok = False
                continue
            if not filecmp.cmp(compiled.name, po.with_suffix(".mo"), shallow=False):
                print(f"{po.with_suffix('.mo')} is out of date: run `make messages`")
                ok = False
        for flag in ("--untranslated", "--only-fuzzy"):
            left = subprocess.run(
                ["msgattrib", flag, "--no-obsolete", str(po)],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            if "msgid" in left.replace('msgid ""', ""):
                print(f"{po}: entries left {flag.strip('-')}:\n{left}")
                ok = False
    return ok


def report(results: list[tuple[str, bool]], skipped: list[str], started: float) -> int:
    step(f"summary ({time.monotonic() - started:.0f} s)")
    for name, ok in results:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    for reason in skipped:
        print(f"  SKIP  {reason}")
    if skipped and not CI:
        print("  (skipped parts run in CI, where CI=true makes them mandatory)")
    return 0 if all(ok for _name, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
