"""What per-app roles cost on PostgreSQL, and how much one server carries.

Three parts, on a fresh database with ``antre db roles`` applied:

- **Variants in one run.** Issue as the owner vs as the kiosk role, and call-next as the
  owner vs as the counter role, alternating in batches so both see the same machine. Both
  run the server's side of the rules (shared/pgfunctions.py): the trigger that numbers and
  stamps a ticket, the one that checks a station's ticket transitions, the event turn; a
  station also goes through the row checks and column grants. Targets (issue 15): each
  role's p50 within 1.3x the owner's in the same run.
- **A busy floor.** ``KIOSKS`` kiosk processes issue and ``COUNTERS`` counter processes run
  call-next → start → finish as fast as they can, each with its own role, while
  ``DISPLAYS`` display connections hold LISTEN, for ``FLOOR_S`` seconds. The operations per
  second, and their p95, bound how many stations one server carries: a real counter does
  about one call a minute and a kiosk a few tickets a minute.

Writes ``perf-results/roles.json``: ``{"postgresql": {...}}``. SQLite has no roles.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import time
import uuid
from typing import Any

from sqlalchemy import create_engine

from shared import events, pgroles, rules
from shared.errors import KnownError
from shared.store import Store
from tests.perf.common import (
    PG_ADMIN_URL,
    BenchClock,
    Stopwatch,
    StoreUnreachable,
    open_bench_store,
    print_table,
    scaled,
    store_url,
    store_versions,
    summarize,
)
from tests.when import server_now

log = logging.getLogger(__name__)

N_EACH = 600  # per variant, in batches of BATCH
TARGET_VS_OWNER = 1.3  # a role's p50 over the owner's, at most
BATCH = 50
KIOSKS, COUNTERS, DISPLAYS = 2, 6, 20
FLOOR_S = 10.0
COUNTER_CODES = tuple(f"L{i}" for i in range(1, 9))


def run() -> dict[str, Any]:
    watch = Stopwatch()
    prefix = f"bench{uuid.uuid4().hex[:6]}"
    try:
        with store_url("postgresql") as url:
            result = _bench(url, prefix)
    except StoreUnreachable as exc:
        return {"postgresql": {"error": str(exc)}}
    finally:
        _drop_roles(prefix)  # server-wide; only possible once their database is gone
    result["runtime_s"] = round(watch.s(), 1)
    return {"postgresql": result}


def _bench(admin_url: str, prefix: str) -> dict[str, Any]:
    # The server stamps a kiosk's ticket with its own clock: the bench starts at the server's now.
    clock = BenchClock.starting_now(server_now(admin_url))
    owner = open_bench_store(admin_url, clock)
    try:
        report = pgroles.create_roles(owner, pgroles.Roles(prefix))
        urls = {st.app: pgroles.station_url(admin_url, st.role, st.password or "", None, None)
                for st in report.stations}
        kiosk, counter = Store.open(urls["kiosk"]), Store.open(urls["counter"])
        try:
            with owner.transaction() as s:
                for code in COUNTER_CODES:
                    rules.open_counter(s, code, now=clock())
            out: dict[str, Any] = {}
            n = scaled(N_EACH)
            issue = _alternate({"owner": owner, "kiosk": kiosk}, n,
                               lambda s: rules.issue(s, "KTP", now=clock()))
            call = _alternate({"owner": owner, "counter": counter}, n,
                              lambda s: rules.call_next(s, "L1", now=clock()))
            for variant, lat in issue.items():
                out.update(summarize(f"issue_{variant}", lat))
            for variant, lat in call.items():
                out.update(summarize(f"call_next_{variant}", lat))
            for key, role, owner_key in (
                ("issue_kiosk_vs_owner_p50", "issue_kiosk_p50_ms", "issue_owner_p50_ms"),
                ("call_next_counter_vs_owner_p50", "call_next_counter_p50_ms", "call_next_owner_p50_ms"),
            ):
                out[key] = round(out[role] / out[owner_key], 2)
            out["target_vs_owner_p50"] = TARGET_VS_OWNER
            out.update(_floor(urls))
            out.update(store_versions(owner))
            out["n"] = {"per_variant": n}
            out["loadavg_1m"] = round(os.getloadavg()[0], 2)
            return out
        finally:
            kiosk.dispose()
            counter.dispose()
    finally:
        owner.dispose()


def _drop_roles(prefix: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            for app in pgroles.APPS:
                c.exec_driver_sql(f"DROP ROLE IF EXISTS {prefix}_{app}")
    finally:
        admin.dispose()


def _alternate(stores: dict[str, Store], n: int, action: Any) -> dict[str, list[float]]:
    lat: dict[str, list[float]] = {k: [] for k in stores}
    for store in stores.values():  # warm each connection pool
        for _ in range(10):
            with store.transaction() as s:
                action(s)
    while min(len(v) for v in lat.values()) < n:
        for name, store in stores.items():
            for _ in range(BATCH):
                t0 = time.perf_counter()
                with store.transaction() as s:
                    action(s)
                lat[name].append(time.perf_counter() - t0)
    return lat


def _ready_then_until(store: Store, ready: Any, go: Any) -> float:
    """Connected and warmed: say so, wait for every station, and run FLOOR_S from then (on a
    loaded machine spawning the processes alone can take longer than a fixed head start)."""
    with store.reading() as s:
        rules.load_site(s)
    ready.put(1)
    go.wait()
    return time.monotonic() + FLOOR_S


def _kiosk_worker(url: str, ready: Any, go: Any, results: Any) -> None:
    store = Store.open(url, upgrade_schema=False)
    lat, errors = [], 0
    try:
        until = _ready_then_until(store, ready, go)
        while time.monotonic() < until:
            t0 = time.perf_counter()
            try:
                with store.transaction() as s:
                    rules.issue(s, "KTP", now=rules.utc_now())
            except KnownError:
                errors += 1
            lat.append(time.perf_counter() - t0)
    finally:
        store.dispose()
        results.put(("issue", lat, errors))


def _counter_worker(url: str, code: str, ready: Any, go: Any, results: Any) -> None:
    store = Store.open(url, upgrade_schema=False)
    lat, errors = [], 0
    try:
        until = _ready_then_until(store, ready, go)
        while time.monotonic() < until:
            for step in (lambda s: rules.call_next(s, code, now=rules.utc_now()),
                         lambda s: rules.start(s, code, now=rules.utc_now()),
                         lambda s: rules.finish(s, code, now=rules.utc_now())):
                t0 = time.perf_counter()
                try:
                    with store.transaction() as s:
                        step(s)
                except KnownError:  # an empty queue: "next" finds nothing, start refuses
                    errors += 1
                lat.append(time.perf_counter() - t0)
    finally:
        store.dispose()
        results.put(("counter", lat, errors))


def _floor(urls: dict[str, str]) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    results, ready, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    wakers = [events.make_waker(urls["display"]) for _ in range(DISPLAYS)]
    try:
        procs = [ctx.Process(target=_kiosk_worker, args=(urls["kiosk"], ready, go, results))
                 for _ in range(KIOSKS)]
        procs += [ctx.Process(target=_counter_worker,
                              args=(urls["counter"], COUNTER_CODES[i], ready, go, results))
                  for i in range(COUNTERS)]
        for p in procs:
            p.start()
        for _ in procs:
            ready.get(timeout=120)
        go.set()
        got = [results.get(timeout=FLOOR_S + 60) for _ in procs]
        for p in procs:
            p.join(timeout=10)
        woke = sum(1 for w in wakers if w.wait(0.5))
    finally:
        for w in wakers:
            w.close()
    issue_lat = [x for kind, lat, _ in got if kind == "issue" for x in lat]
    counter_lat = [x for kind, lat, _ in got if kind == "counter" for x in lat]
    elapsed = FLOOR_S
    out: dict[str, Any] = {}
    out.update(summarize("floor_issue", issue_lat))
    out.update(summarize("floor_counter_op", counter_lat))
    out["floor_issue_per_s"] = round(len(issue_lat) / elapsed, 1)
    out["floor_counter_ops_per_s"] = round(len(counter_lat) / elapsed, 1)
    out["floor_refusals"] = sum(e for _, _, e in got)
    out["floor_displays_woken"] = f"{woke}/{DISPLAYS}"
    out["floor_stations"] = f"{KIOSKS} kiosks, {COUNTERS} counters, {DISPLAYS} displays"
    return out


ROWS = (
    ("issue p50, owner (ms)", "issue_owner_p50_ms", ""),
    ("issue p50, kiosk role (ms)", "issue_kiosk_p50_ms", ""),
    ("issue p95, owner (ms)", "issue_owner_p95_ms", ""),
    ("issue p95, kiosk role (ms)", "issue_kiosk_p95_ms", ""),
    ("call_next p50, owner (ms)", "call_next_owner_p50_ms", ""),
    ("call_next p50, counter role (ms)", "call_next_counter_p50_ms", ""),
    ("call_next p95, owner (ms)", "call_next_owner_p95_ms", ""),
    ("call_next p95, counter role (ms)", "call_next_counter_p95_ms", ""),
    ("issue p50, kiosk / owner (target <= 1.3)", "issue_kiosk_vs_owner_p50", ""),
    ("call_next p50, counter / owner (target <= 1.3)", "call_next_counter_vs_owner_p50", ""),
    ("busy floor: stations", "floor_stations", ""),
    ("busy floor: tickets issued / s", "floor_issue_per_s", ""),
    ("busy floor: counter actions / s", "floor_counter_ops_per_s", ""),
    ("busy floor: issue p95 (ms)", "floor_issue_p95_ms", ""),
    ("busy floor: counter action p95 (ms)", "floor_counter_op_p95_ms", ""),
    ("busy floor: refusals (queue empty)", "floor_refusals", ""),
    ("busy floor: displays woken", "floor_displays_woken", ""),
    ("samples per variant", "n.per_variant", ""),
    ("load avg 1m", "loadavg_1m", ""),
)


def report(results: dict[str, Any]) -> None:
    print_table("per-app roles on PostgreSQL", ROWS, results)
