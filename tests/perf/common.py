"""Helpers shared by the benchmark modules: temporary stores, clocks, statistics, output.

A benchmark module (``tests/perf/<name>.py``) exposes ``run() -> dict`` returning one
object per store (``{"sqlite": {...}, "postgresql": {...}}``) and ``report(results)``
printing a readable table. ``python -m tests.perf`` runs every registered module and
writes ``perf-results/<name>.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import platform
import sqlite3
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from shared import site
from shared.store import Store, current_revision
from tests import when

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO_ROOT / "perf-results"
BENCH_SITE = Path(__file__).with_name("bench-site.toml")
STORES = ("sqlite", "postgresql")
PG_ADMIN_URL = os.environ.get(
    "ANTRE_BENCH_PG",
    os.environ.get("ANTRE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
)
# The coming Saturday, 09:00 in Jakarta (tests/when.py), whatever day the benchmarks run.
# The bench site is always open anyway; a start in the morning only keeps a run from
# crossing a business-day boundary halfway.
BENCH_START = when.coming_saturday()


UNREACHABLE = "PostgreSQL unreachable"


class StoreUnreachable(Exception):
    """The store kind cannot be benchmarked here (e.g. no PostgreSQL server)."""


def scale() -> float:
    """``--scale`` on the command line (``ANTRE_BENCH_SCALE``): shrink runs while developing."""
    return float(os.environ.get("ANTRE_BENCH_SCALE", "1") or 1)


def scaled(n: int, minimum: int = 10) -> int:
    return max(minimum, round(n * scale()))


# --- clock ------------------------------------------------------------------------------

class BenchClock(when.TickingClock):
    """A benchmark's clock: starts at BENCH_START (or ``start``) and ticks like real time."""

    @classmethod
    def starting_now(cls, start: dt.datetime | None = None) -> BenchClock:
        return cls(start or BENCH_START, time.monotonic())


# --- stores -----------------------------------------------------------------------------

def pg_unreachable() -> str | None:
    """Why the PostgreSQL admin URL cannot be used (None when it can)."""
    eng = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
    try:
        with eng.connect() as c:
            c.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError, OSError) as exc:
        first = str(getattr(exc, "orig", exc)).strip().splitlines()
        return f"{type(exc).__name__}: {first[0] if first else ''}"
    finally:
        eng.dispose()
    return None


@contextmanager
def store_url(kind: str) -> Iterator[str]:
    """An empty store of ``kind``: a SQLite file in a temp dir, or a fresh PostgreSQL
    database that is dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="antre-bench-") as d:
            yield f"sqlite:///{Path(d) / 'antre.db'}"
        return
    if kind != "postgresql":
        raise ValueError(kind)
    why = pg_unreachable()
    if why is not None:
        raise StoreUnreachable(f"{UNREACHABLE} at {PG_ADMIN_URL}: {why}")
    name = f"antre_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        finally:
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def open_bench_store(url: str, clock: BenchClock) -> Store:
    """Migrate ``url`` and load the bench site into it."""
    store = Store.open(url, trust_station_clock=True)  # the bench sets the time
    spec = site.load_site_file(BENCH_SITE)
    with store.transaction() as s:
        site.apply_site(s, spec, now=clock())
    return store


def code_version() -> str:
    """The commit under test, marked dirty when shared/ has uncommitted changes."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "shared"], cwd=REPO_ROOT,
                               capture_output=True, text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{sha}+dirty" if dirty else sha


def store_versions(store: Store) -> dict[str, str]:
    with store.engine.connect() as c:
        if store.is_postgresql:
            server = "PostgreSQL " + str(c.execute(text("SHOW server_version")).scalar_one())
            import psycopg

            driver = f"psycopg {psycopg.__version__}"
        else:
            server = "SQLite " + str(c.execute(text("SELECT sqlite_version()")).scalar_one())
            driver = f"sqlite3 (python {platform.python_version()}, lib {sqlite3.sqlite_version})"
    return {
        "store_version": server,
        "driver": driver,
        "sqlalchemy": sqlalchemy.__version__,
        "schema_revision": current_revision(store.engine) or "",
        "code": code_version(),
    }


# --- statistics -------------------------------------------------------------------------

def quantile_ms(values_s: Sequence[float], q: int) -> float | None:
    """The ``q``-th percentile (1..99) of durations in seconds, in milliseconds."""
    if not values_s:
        return None
    if len(values_s) == 1:
        return round(values_s[0] * 1000, 3)
    if q == 50:
        return round(statistics.median(values_s) * 1000, 3)
    return round(statistics.quantiles(values_s, n=100, method="inclusive")[q - 1] * 1000, 3)


def summarize(prefix: str, values_s: Sequence[float], *, extra: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        f"{prefix}_p50_ms": quantile_ms(values_s, 50),
        f"{prefix}_p95_ms": quantile_ms(values_s, 95),
    }
    if extra:
        out[f"{prefix}_p99_ms"] = quantile_ms(values_s, 99)
        out[f"{prefix}_max_ms"] = round(max(values_s) * 1000, 3) if values_s else None
    return out


class Stopwatch:
    def __init__(self) -> None:
        self.t0 = time.perf_counter()

    def s(self) -> float:
        return time.perf_counter() - self.t0


# --- output -----------------------------------------------------------------------------

def fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def print_table(title: str, rows: Sequence[tuple[str, str, str]], results: dict[str, Any]) -> None:
    """``rows`` are (label, key, target); one column per store in ``results``."""
    stores = list(results)
    cells = [["metric", *stores, "target"]]
    for label, key, target in rows:
        cells.append([label, *(_cell(results[k], key) for k in stores), target])
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    line = "  ".join("-" * w for w in widths)
    print(f"\n{title}")
    print(line)
    for i, r in enumerate(cells):
        print("  ".join(c.ljust(w) if j in (0, len(r) - 1) else c.rjust(w)
                        for j, (c, w) in enumerate(zip(r, widths, strict=True))))
        if i == 0:
            print(line)
    print(line)
    for k in stores:
        if isinstance(results[k], dict) and "error" in results[k]:
            print(f"{k}: ERROR {results[k]['error']}")


def _cell(entry: Any, key: str) -> str:
    if not isinstance(entry, dict) or "error" in entry:
        return "error"
    value: Any = entry
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return fmt(value)


def write_results(name: str, results: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def per_store(name: str, bench: Callable[[str, str], dict[str, Any]], *, kinds: Sequence[str] = STORES
              ) -> dict[str, Any]:
    """``{kind: bench(url, kind)}`` on a fresh store of each kind. An unreachable store or a
    benchmark that breaks is recorded as ``{"error": ...}``; the other store's figures stay."""
    busy = os.getloadavg()[0]
    if busy > 0.5 * (os.cpu_count() or 1):
        print(f"[{name}] WARNING: the machine is busy (load average {busy:.1f} on {os.cpu_count()} "
              "CPUs); latencies will be inflated", flush=True)
    results: dict[str, Any] = {}
    for kind in kinds:
        watch = Stopwatch()
        print(f"[{name}] {kind}: starting", flush=True)
        try:
            with store_url(kind) as url:
                results[kind] = bench(url, kind)
        except StoreUnreachable as exc:
            print(f"[{name}] {kind}: SKIPPED, {exc}", flush=True)
            results[kind] = {"error": str(exc)}
        except Exception as exc:  # record the failure, keep the other store's figures
            logging.getLogger(__name__).exception("[%s] %s: benchmark failed", name, kind)
            results[kind] = {"error": f"{type(exc).__name__}: {exc}"}
        else:
            results[kind]["runtime_s"] = round(watch.s(), 1)
            print(f"[{name}] {kind}: done in {watch.s():.1f} s", flush=True)
    return results
