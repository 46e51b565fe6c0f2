"""Reports over a year of history: a busy MPP's year (1,000,000 tickets with their events
and SKM answers, exactly as the queue rules write them: tests/perf/history.py plans it,
bulkload.py writes it), then today's rollover (which stores yesterday's report cells) and a
rebuild of the year's stored days and months; then the reports, the IKM and an XLSX export
timed, and issue / call-next timed against that history beside the same on an empty store,
in interleaved rounds of the same run.

``--tickets N`` (``ANTRE_BENCH_TICKETS``) makes a smaller year for a smoke run; ``--scale``
(``ANTRE_BENCH_SCALE``) shrinks the number of issue / call-next samples.
Targets: year report <= 2000 ms, month <= 300 ms; call-next and issue with the history
within 1.2x of the empty store.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from shared import reports, rules, site
from shared.reports import export
from shared.reports.survey import indexes
from shared.store import Store
from tests.perf import bulkload, history
from tests.perf.common import (
    BenchClock,
    per_store,
    print_table,
    scaled,
    store_url,
    store_versions,
    summarize,
)

TICKETS_PER_YEAR = 1_000_000  # --tickets N (ANTRE_BENCH_TICKETS) for a smaller year
N_OPS = 200  # issue / call-next samples per phase
N_REPORT = 5  # runs of each report
WARMUP = 20
AGENCIES = ("DUKCAPIL", "POLRES", "SAMSAT", "BPJS", "IMIGRASI", "PAJAK")
TARGETS = {"year_report_ms": 2000.0, "month_report_ms": 300.0}


def tickets() -> int:
    """The year's tickets: ``--tickets`` on the command line, else a million."""
    return int(os.environ.get("ANTRE_BENCH_TICKETS") or TICKETS_PER_YEAR)


def _claim_plan(store: Store, clock: BenchClock) -> list[str]:
    """PostgreSQL's plan of call-next's claim against the year (EXPLAIN ANALYZE, rolled back)."""
    from shared.rules import calling
    from shared.rules.day import business_day

    with store.engine.connect() as c:
        cid = c.execute(text("SELECT id FROM counter WHERE code = 'DUKCAPIL_L0'")).scalar_one()
        tz = c.execute(text("SELECT timezone FROM site")).scalar_one()
        stmt = calling._CLAIM[False].compile(c)
        params = {
            **stmt.params,
            "p_counter_id": cid,
            "p_now": clock(),
            "p_day": business_day(type("Z", (), {"timezone": tz})(), clock()),
        }
        rows = c.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {stmt}", params).all()
        c.rollback()
    return [r[0] for r in rows]


def busy_site() -> str:
    """Six agencies, three services and four counters each, a clerk per counter."""
    parts = [
        '[site]\nname = "MPP Benchmark Tahunan"\ntimezone = "Asia/Jakarta"\nalways_open = true\n'
        'days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
    ]
    letters = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for a in AGENCIES:
        parts.append(f'[[agencies]]\ncode = "{a}"\nname = "{a.title()}"\n')
        for i in range(3):
            parts.append(
                f'[[services]]\ncode = "{a}_{i}"\nagency = "{a}"\nname = "{a.title()} {i + 1}"\n'
                f'prefix = "{next(letters)}"\ntarget_wait_min = {15 + 10 * i}\n'
            )
        for i in range(4):
            parts.append(
                f'[[counters]]\ncode = "{a}_L{i}"\nname = "{a.title()} loket {i + 1}"\n'
                f'agency = "{a}"\nservices = ["{a}_0", "{a}_1", "{a}_2"]\n'
            )
    return "".join(parts)


ROUNDS = 5  # interleaved rounds of issue / call-next on the year's store and the empty one


def _ops(stores: dict[str, Store], clock: BenchClock, services: list[str], counter: str) -> dict[str, Any]:
    """Issue, then call-next, on each store in turn, one operation at a time, in ``ROUNDS``
    rounds whose store order alternates: the shared machine's load changes from second to
    second, and this way both stores feel the same. Each round gives a ratio of medians."""
    lat: dict[str, dict[str, list[float]]] = {name: {"issue": [], "call_next": []} for name in stores}
    ratios: dict[str, list[float]] = {"issue": [], "call_next": []}
    n = max(20, scaled(N_OPS) // ROUNDS)
    names = list(stores)
    for r in range(ROUNDS):
        order = names if r % 2 == 0 else names[::-1]
        for op in ("issue", "call_next"):
            this: dict[str, list[float]] = {name: [] for name in stores}
            for i in range(WARMUP + n):
                for name in order:
                    store = stores[name]
                    t0 = time.perf_counter()
                    with store.transaction() as s:
                        if op == "issue":
                            rules.issue(s, services[i % len(services)], now=clock())
                        else:
                            rules.call_next(s, counter, now=clock())
                    if i >= WARMUP:
                        this[name].append(time.perf_counter() - t0)
            for name in stores:
                lat[name][op].extend(this[name])
            ratios[op].append(round(statistics.median(this["year"]) / statistics.median(this["empty"]), 3))
    out: dict[str, Any] = {}
    for name, ops in lat.items():
        prefix = "" if name == "year" else f"{name}_"
        for op, values in ops.items():
            out.update(summarize(f"{prefix}{op}", values))
    for op, values in ratios.items():
        out[f"{op}_vs_empty_rounds"] = values
        out[f"{op}_vs_empty_median"] = round(statistics.median(values), 3)
    return out


def _history(store: Store, today: dt.date, tickets: int, seed: int = 17) -> dict[str, Any]:
    """A year of closed days before ``today`` (Mondays to Saturdays), planned and written in
    bulk (tests/perf/history.py, bulkload.py) as the queue rules would have written them."""
    with store.reading() as s:
        codes = [c for (c,) in s.execute(text("SELECT code FROM counter ORDER BY id"))]
    clerks = bulkload.ensure_clerks(store, codes)
    with store.reading() as s:
        floor = history.read_floor(s, clerks)
    t0 = time.perf_counter()
    days = history.open_days(today - dt.timedelta(days=365), today - dt.timedelta(days=1))
    plans = history.plan_days(floor, days, tickets, seed)
    planned = time.perf_counter() - t0
    written = bulkload.write(store, floor, plans, progress=lambda m: print(f"[reports] {m}", flush=True))
    return {
        "history_tickets": written["tickets"],
        "history_events": written["events"],
        "history_days": written["days"],
        "history_plan_s": round(planned, 1),
        "history_write_s": written["seconds"],
        "history_generation_s": round(planned + written["seconds"], 1),
    }


def _open(url: str, clock: BenchClock) -> tuple[Store, Any]:
    store = Store.open(url, trust_station_clock=True)  # the bench sets the time
    spec = site.parse_site(busy_site())
    with store.transaction() as s:
        site.apply_site(s, spec, now=clock() - dt.timedelta(days=400))
    return store, spec


def _start_today(store: Store, clock: BenchClock) -> float:
    """Today's first action: the rollover closes yesterday (and stores its report), then a
    counter opens. Returns the rollover's seconds."""
    t0 = time.perf_counter()
    with store.transaction() as s:
        rules.roll_over(s, now=clock())
    took = time.perf_counter() - t0
    with store.transaction() as s:
        rules.open_counter(s, "DUKCAPIL_L0", now=clock())
    return took


def _calendar_year(today: dt.date) -> reports.Period:
    """The calendar year with the most history in it (the year's history ends yesterday)."""
    first = today - dt.timedelta(days=365)
    overlap = {
        y: (min(today, dt.date(y + 1, 1, 1)) - max(first, dt.date(y, 1, 1))).days
        for y in (today.year - 1, today.year)
    }
    return reports.year(max(overlap, key=lambda y: overlap[y]))


def bench_store(url: str, kind: str) -> dict[str, Any]:
    clock = BenchClock.starting_now()
    with tempfile.TemporaryDirectory() as tmp, store_url(kind) as empty_url:
        store, spec = _open(url, clock)
        empty, _ = _open(empty_url, clock)
        try:
            services = ["DUKCAPIL_0", "DUKCAPIL_1", "DUKCAPIL_2"]
            out: dict[str, Any] = {"tickets_asked": tickets()}
            today = rules.business_day(spec.settings, clock())
            out.update(_history(store, today, tickets()))
            out["rollover_ms"] = round(_start_today(store, clock) * 1000, 1)
            _start_today(empty, clock)
            t0 = time.perf_counter()
            kept = reports.rebuild(
                store,
                reports.date_range(today - dt.timedelta(days=365), today - dt.timedelta(days=1)),
                now=clock(),
            )
            out["rebuild_year_s"] = round(time.perf_counter() - t0, 1)
            out["kept_days"] = kept
            out.update(_ops({"year": store, "empty": empty}, clock, services, "DUKCAPIL_L0"))
            if store.is_postgresql:
                with store.transaction() as s:
                    rules.issue(s, services[0], now=clock())
                out["call_next_plan"] = _claim_plan(store, clock)
            yesterday = today - dt.timedelta(days=1)
            if yesterday.weekday() == 6:
                yesterday -= dt.timedelta(days=1)
            last_month = today.replace(day=1) - dt.timedelta(days=1)
            month = reports.month(last_month.year, last_month.month)
            year = _calendar_year(today)
            out["year_reported"] = year.label
            timed: dict[str, list[float]] = {
                k: []
                for k in (
                    "day_report",
                    "today_report",
                    "month_report",
                    "year_report",
                    "ikm_month",
                    "export_xlsx_month",
                )
            }
            for _ in range(N_REPORT):
                for key, fn in (
                    ("day_report", lambda s: reports.build(s, reports.day(yesterday), "service")),
                    ("today_report", lambda s: reports.build(s, reports.day(today), "service")),
                    ("month_report", lambda s: reports.build(s, month, "service")),
                    ("year_report", lambda s: reports.build(s, year, "agency")),
                    ("ikm_month", lambda s: indexes(s, month.first, month.last, "service")),
                    (
                        "export_xlsx_month",
                        lambda s: export.write_xlsx(reports.build(s, month, "service"), Path(tmp) / "m.xlsx"),
                    ),
                ):
                    t0 = time.perf_counter()
                    with store.reading() as s:
                        fn(s)
                    timed[key].append(time.perf_counter() - t0)
            for key, values in timed.items():
                out.update(summarize(key, values))
            with store.reading() as s:
                check = reports.build(s, year, "agency")
            out["year_report_issued"] = check.total.issued
            out["year_report_ikm"] = round(check.ikm.ikm, 2) if check.ikm else None
            for op in ("issue", "call_next"):
                out[f"{op}_vs_empty"] = round(out[f"{op}_p50_ms"] / out[f"empty_{op}_p50_ms"], 2)
            out["load_average"] = [round(x, 2) for x in os.getloadavg()]
            out.update(store_versions(store))
            return out
        finally:
            store.dispose()
            empty.dispose()


def run() -> dict[str, Any]:
    return per_store("reports", bench_store)


ROWS = (
    ("history tickets", "history_tickets", "~1,000,000"),
    ("generation: plan + write (s)", "history_generation_s", ""),
    ("year reported", "year_reported", ""),
    ("history events", "history_events", ""),
    ("rollover, storing yesterday (ms)", "rollover_ms", ""),
    ("rebuild the year's summaries (s)", "rebuild_year_s", ""),
    ("day report p50 (ms)", "day_report_p50_ms", ""),
    ("today (live) report p50 (ms)", "today_report_p50_ms", ""),
    ("month report p50 (ms)", "month_report_p50_ms", "<= 300"),
    ("month report p95 (ms)", "month_report_p95_ms", ""),
    ("year report p50 (ms)", "year_report_p50_ms", "<= 2000"),
    ("year report p95 (ms)", "year_report_p95_ms", ""),
    ("IKM month p50 (ms)", "ikm_month_p50_ms", ""),
    ("XLSX month p50 (ms)", "export_xlsx_month_p50_ms", ""),
    ("issue p50, empty (ms)", "empty_issue_p50_ms", ""),
    ("issue p50, year (ms)", "issue_p50_ms", "<= 1.2x empty"),
    ("call_next p50, empty (ms)", "empty_call_next_p50_ms", ""),
    ("call_next p50, year (ms)", "call_next_p50_ms", "<= 1.2x empty"),
    ("issue p95, empty (ms)", "empty_issue_p95_ms", ""),
    ("issue p95, year (ms)", "issue_p95_ms", ""),
    ("call_next p95, empty (ms)", "empty_call_next_p95_ms", ""),
    ("call_next p95, year (ms)", "call_next_p95_ms", ""),
    ("issue year/empty (all samples)", "issue_vs_empty", "<= 1.2"),
    ("issue year/empty (median of rounds)", "issue_vs_empty_median", "<= 1.2"),
    ("call_next year/empty (all samples)", "call_next_vs_empty", "<= 1.2"),
    ("call_next year/empty (median of rounds)", "call_next_vs_empty_median", "<= 1.2"),
)


def report(results: dict[str, Any]) -> None:
    print_table("reports over a year of history", ROWS, results)
    for line in missed_targets(results):
        print(f"TARGET MISSED: {line}")


def missed_targets(results: dict[str, Any]) -> list[str]:
    missed = []
    for kind, e in results.items():
        if not isinstance(e, dict) or "error" in e:
            continue
        for key, limit in TARGETS.items():
            p50 = e.get(key.replace("_ms", "_p50_ms"))
            if p50 is not None and p50 > limit:
                missed.append(f"{kind} {key} {p50:.0f} ms > {limit:.0f} ms")
        for op in ("issue", "call_next"):
            if (e.get(f"{op}_vs_empty") or 0) > 1.2:
                missed.append(f"{kind} {op} with a year {e[f'{op}_vs_empty']}x the empty store's")
    return missed
