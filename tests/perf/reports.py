"""Reports over a year of history: a busy MPP's year (about 1,000,000 tickets with their
events and SKM answers, in the shapes the queue rules write), bulk-inserted; then the
reports, the IKM and an XLSX export timed, and issue / call-next timed against that
history beside the same figures on the empty store, in the same run.

``--scale`` (``ANTRE_BENCH_SCALE``) shrinks the year's ticket count for a quick look.
Targets: year report <= 2000 ms, month <= 300 ms; call-next and issue with the history
within 1.2x of the empty store.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
import zoneinfo
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, text

from shared import reports, rules, site
from shared.models import Event, SurveyResponse, Ticket, User
from shared.reports import export
from shared.reports.survey import indexes
from shared.store import Store
from tests.perf.common import (
    BenchClock,
    per_store,
    print_table,
    scaled,
    store_url,
    store_versions,
    summarize,
)

TICKETS_PER_YEAR = 1_000_000
N_OPS = 200  # issue / call-next samples per phase
N_REPORT = 5  # runs of each report
WARMUP = 20
CHUNK = 20_000
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
AGENCIES = ("DUKCAPIL", "POLRES", "SAMSAT", "BPJS", "IMIGRASI", "PAJAK")
TARGETS = {"year_report_ms": 2000.0, "month_report_ms": 300.0}


def busy_site() -> str:
    """Six agencies, three services and four counters each, a clerk per counter."""
    parts = ['[site]\nname = "MPP Benchmark Tahunan"\ntimezone = "Asia/Jakarta"\nalways_open = true\n'
             'days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n']
    letters = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for a in AGENCIES:
        parts.append(f'[[agencies]]\ncode = "{a}"\nname = "{a.title()}"\n')
        for i in range(3):
            parts.append(f'[[services]]\ncode = "{a}_{i}"\nagency = "{a}"\nname = "{a.title()} {i + 1}"\n'
                         f'prefix = "{next(letters)}"\ntarget_wait_min = {15 + 10 * i}\n')
        for i in range(4):
            parts.append(f'[[counters]]\ncode = "{a}_L{i}"\nname = "{a.title()} loket {i + 1}"\n'
                         f'agency = "{a}"\nservices = ["{a}_0", "{a}_1", "{a}_2"]\n')
    return "".join(parts)


def _ms(values: list[float]) -> float:
    return round(sorted(values)[len(values) // 2] * 1000, 1)


def _ops(stores: dict[str, Store], clock: BenchClock, services: list[str], counter: str) -> dict[str, Any]:
    """Issue, then call-next, on each store in turn, one operation at a time: the shared
    machine's load changes from second to second, and this way both stores feel the same."""
    lat: dict[str, dict[str, list[float]]] = {name: {"issue": [], "call_next": []} for name in stores}
    n = scaled(N_OPS)
    for op in ("issue", "call_next"):
        for i in range(WARMUP + n):
            for name, store in stores.items():
                t0 = time.perf_counter()
                with store.transaction() as s:
                    if op == "issue":
                        rules.issue(s, services[i % len(services)], now=clock())
                    else:
                        rules.call_next(s, counter, now=clock())
                if i >= WARMUP:
                    lat[name][op].append(time.perf_counter() - t0)
    out: dict[str, Any] = {}
    for name, ops in lat.items():
        prefix = "" if name == "year" else f"{name}_"
        for op, values in ops.items():
            out.update(summarize(f"{prefix}{op}", values))
    return out


def _history(store: Store, today: dt.date, tickets: int) -> dict[str, Any]:
    """Bulk-insert a year of closed days before ``today`` (Mondays to Saturdays)."""
    rng = random.Random(17)
    with store.reading() as s:
        services = [(r.id, r.code, r.agency_id) for r in s.execute(text(
            "SELECT id, code, agency_id FROM service ORDER BY id"))]
        counters = [(r.id, r.code) for r in s.execute(text("SELECT id, code FROM counter ORDER BY id"))]
        prefixes = dict(s.execute(text("SELECT id, prefix FROM service")).all())
    with store.transaction() as s:
        s.execute(insert(cast(Table, User.__table__)), [
            {"username": f"petugas{i}", "full_name": f"Petugas {i}", "role": "clerk", "failed_logins": 0,
             "active": True} for i in range(len(counters))])
        user_ids = [r[0] for r in s.execute(text("SELECT id FROM app_user ORDER BY id"))]
    by_agency: dict[int, list[int]] = {}
    for idx, (_cid, code) in enumerate(counters):
        agency = next(a for a in AGENCIES if code.startswith(a + "_"))
        by_agency.setdefault(AGENCIES.index(agency), []).append(idx)
    days = [today - dt.timedelta(days=n) for n in range(365, 0, -1)]
    days = [d for d in days if d.weekday() != 6]
    per_day = max(1, tickets // len(days))
    T, E, S = (cast(Table, m.__table__) for m in (Ticket, Event, SurveyResponse))
    ticket_id = event_id = 10_000_000
    trows: list[dict[str, Any]] = []
    erows: list[dict[str, Any]] = []
    srows: list[dict[str, Any]] = []
    started = time.perf_counter()
    total_t = total_e = 0

    def flush(force: bool = False) -> None:
        nonlocal trows, erows, srows, total_t, total_e
        if not force and len(erows) < CHUNK * 4:
            return
        with store.transaction() as s:
            if trows:
                s.execute(insert(T), trows)
            if erows:
                s.execute(insert(E), erows)
            if srows:
                s.execute(insert(S), srows)
        total_t += len(trows)
        total_e += len(erows)
        trows, erows, srows = [], [], []

    for d in days:
        numbers: dict[int, int] = {}
        opening = dt.datetime(d.year, d.month, d.day, 8, tzinfo=JAKARTA)
        for _ in range(per_day):
            sid, scode, agency_id = services[rng.randrange(len(services))]
            n = numbers[sid] = numbers.get(sid, 0) + 1
            code = f"{prefixes[sid]}{n:03d}"
            issued = opening + dt.timedelta(seconds=rng.triangular(0, 7 * 3600, 2 * 3600))
            ticket_id += 1
            ag = next(i for i, a in enumerate(AGENCIES) if scode.startswith(a))
            cidx = rng.choice(by_agency[ag])
            counter_id, counter_code = counters[cidx]
            user_id = user_ids[cidx]
            called = issued + dt.timedelta(seconds=rng.expovariate(1 / 900))
            fate = rng.random()
            payload = {"code": code, "service": scode, "counter": counter_code}
            ev = [("ticket_issued", issued, None, None, {"code": code, "service": scode})]
            row = {"id": ticket_id, "business_day": d, "issued_service_id": sid, "service_id": sid,
                   "number": n, "code": code, "token": "bench", "priority_class": None,
                   "issued_at": issued, "queued_at": issued, "called_at": None, "started_at": None,
                   "finished_at": None, "counter_id": None, "call_count": 0}
            if fate < 0.02:  # still waiting at closing: the rollover expired it
                row.update(status="expired", finished_at=opening + dt.timedelta(days=1))
            else:
                ev.append(("ticket_called", called, counter_id, user_id, payload))
                row.update(called_at=called, counter_id=counter_id, call_count=1)
                if fate < 0.07:
                    finished = called + dt.timedelta(minutes=2)
                    ev.append(("ticket_no_show", finished, counter_id, user_id, payload))
                    row.update(status="no_show", finished_at=finished)
                else:
                    start = called + dt.timedelta(seconds=30)
                    finished = start + dt.timedelta(seconds=rng.expovariate(1 / 360))
                    ev.append(("ticket_serving", start, counter_id, user_id, payload))
                    ev.append(("ticket_finished", finished, counter_id, user_id,
                               {**payload, "service_s": round((finished - start).total_seconds())}))
                    row.update(status="done", started_at=start, finished_at=finished)
                    if rng.random() < 0.1:
                        srows.append({"ticket_id": ticket_id, "business_day": d, "answered_at": finished,
                                      "service_id": sid, "agency_id": agency_id, "counter_id": counter_id,
                                      "comment": None, "profile": {},
                                      **{f"u{i}": rng.choice((2, 3, 3, 4, 4)) for i in range(1, 10)}})
            trows.append(row)
            for kind, when, cid, uid, data in ev:
                event_id += 1
                erows.append({"id": event_id, "at": when, "kind": kind, "business_day": d,
                              "ticket_id": ticket_id, "counter_id": cid, "user_id": uid, "data": data,
                              "note": None})
        flush()
    flush(force=True)
    if store.is_postgresql:
        with store.transaction() as s:
            for table in ("ticket", "event", "survey_response"):
                s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT max(id) FROM {table}))"))
            s.execute(text("ANALYZE"))
    return {"history_tickets": total_t, "history_events": total_e, "history_days": len(days),
            "history_insert_s": round(time.perf_counter() - started, 1)}


def _open(url: str, clock: BenchClock) -> tuple[Store, Any]:
    store = Store.open(url, trust_station_clock=True)  # the bench sets the time
    with store.transaction() as s:
        spec = site.parse_site(busy_site())
        site.apply_site(s, spec, now=clock())
        rules.roll_over(s, now=clock())
    with store.transaction() as s:
        rules.open_counter(s, "DUKCAPIL_L0", now=clock())
    return store, spec


def _calendar_year(today: dt.date) -> reports.Period:
    """The calendar year with the most history in it (the year's history ends yesterday)."""
    first = today - dt.timedelta(days=365)
    overlap = {y: (min(today, dt.date(y + 1, 1, 1)) - max(first, dt.date(y, 1, 1))).days
               for y in (today.year - 1, today.year)}
    return reports.year(max(overlap, key=lambda y: overlap[y]))


def bench_store(url: str, kind: str) -> dict[str, Any]:
    clock = BenchClock.starting_now()
    with tempfile.TemporaryDirectory() as tmp, store_url(kind) as empty_url:
        store, spec = _open(url, clock)
        empty, _ = _open(empty_url, clock)
        try:
            services = ["DUKCAPIL_0", "DUKCAPIL_1", "DUKCAPIL_2"]
            out: dict[str, Any] = {}
            today = rules.business_day(spec.settings, clock())
            out.update(_history(store, today, scaled(TICKETS_PER_YEAR, 1000)))
            t0 = time.perf_counter()
            kept = reports.keep_closed_days(store, reports.date_range(today - dt.timedelta(days=365),
                                                                      today - dt.timedelta(days=1)),
                                            now=clock())
            out["keep_closed_days_s"] = round(time.perf_counter() - t0, 1)
            out["kept_days"] = kept
            out.update(_ops({"year": store, "empty": empty}, clock, services, "DUKCAPIL_L0"))
            yesterday = today - dt.timedelta(days=1)
            if yesterday.weekday() == 6:
                yesterday -= dt.timedelta(days=1)
            last_month = (today.replace(day=1) - dt.timedelta(days=1))
            month = reports.month(last_month.year, last_month.month)
            year = _calendar_year(today)
            out["year_reported"] = year.label
            timed: dict[str, list[float]] = {k: [] for k in (
                "day_report", "today_report", "month_report", "year_report", "ikm_month",
                "export_xlsx_month")}
            for _ in range(N_REPORT):
                for key, fn in (
                    ("day_report", lambda s: reports.build(s, reports.day(yesterday), "service")),
                    ("today_report", lambda s: reports.build(s, reports.day(today), "service")),
                    ("month_report", lambda s: reports.build(s, month, "service")),
                    ("year_report", lambda s: reports.build(s, year, "agency")),
                    ("ikm_month", lambda s: indexes(s, month.first, month.last, "service")),
                    ("export_xlsx_month", lambda s: export.write_xlsx(reports.build(s, month, "service"),
                                                                       Path(tmp) / "m.xlsx")),
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
            out.update(store_versions(store))
            return out
        finally:
            store.dispose()
            empty.dispose()


def run() -> dict[str, Any]:
    return per_store("reports", bench_store)


ROWS = (
    ("history tickets", "history_tickets", "~1,000,000"),
    ("year reported", "year_reported", ""),
    ("history events", "history_events", ""),
    ("bulk insert (s)", "history_insert_s", ""),
    ("storing closed days (s)", "keep_closed_days_s", ""),
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
    ("issue year/empty", "issue_vs_empty", "<= 1.2"),
    ("call_next year/empty", "call_next_vs_empty", "<= 1.2"),
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
