"""The core benchmark: issue, call-next (one counter and eight processes), integrity under
concurrency, and feed latency, on a SQLite file and on a fresh PostgreSQL database.

Eight counters are measured two ways:
- ``call_next_8_*``: eight processes call "next" back to back until the queue is empty
  (saturation: on this 2-core machine the eight clients and the server share two cores);
- ``call_next_8_burst_*``: in rounds, all eight press "next" at the same moment, then pause
  20 ms (the moment at opening time when every counter calls at once).

Writes ``perf-results/core.json``: ``{"sqlite": {...}, "postgresql": {...}}``.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import time
from collections import Counter as Tally
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from shared import events, rules
from shared.errors import KnownError
from shared.models import DaySequence, Event, Ticket, TicketStatus
from shared.store import Store
from tests.perf.common import (
    BenchClock,
    open_bench_store,
    per_store,
    print_table,
    scaled,
    store_versions,
    summarize,
)

log = logging.getLogger(__name__)

SERVICES = ("KTP", "KK")
COUNTERS = tuple(f"L{i}" for i in range(1, 9))
WARMUP = 20
N_ISSUE = 2000
N_CALL = 2000
POOL_PER_WORKER = 200  # tickets each of the 8 processes issues; then all 8 drain the pool
FEED_EVENTS = 300
FEED_INTERVAL_S = 0.025
PROCESS_TIMEOUT_S = 240

TARGETS = {
    "call_next_8_p95_ms": "<= 15 ms",
    "double_calls": "0",
    "duplicate_numbers": "0",
    "lost_tickets": "0",
    "feed_p95_ms": "<= 100 ms SQLite, <= 30 ms PostgreSQL",
}


def run() -> dict[str, Any]:
    return per_store("core", lambda url, _kind: bench_store(url))

def bench_store(url: str) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    clock = BenchClock.starting_now()
    store = open_bench_store(url, clock)
    try:
        with store.transaction() as s:
            for code in COUNTERS:
                rules.open_counter(s, code, now=clock())
        out: dict[str, Any] = {}
        n: dict[str, int] = {}

        issue_lat, cpu = _bench_issue(store, clock, scaled(N_ISSUE))
        out.update(summarize("issue", issue_lat))
        out["issue_client_cpu_ms"] = round(cpu * 1000, 3)
        n["issue"] = len(issue_lat)
        _progress(url, f"issue x{len(issue_lat)}")

        call_lat, cpu = _bench_call_next(store, clock, "L1", scaled(N_CALL))
        out.update(summarize("call_next", call_lat))
        out["call_next_client_cpu_ms"] = round(cpu * 1000, 3)
        n["call_next"] = len(call_lat)
        _progress(url, f"call_next x{len(call_lat)}")

        conc = _bench_concurrent(url, clock, scaled(POOL_PER_WORKER))
        out.update(summarize("call_next_8", conc["call_lat"], extra=True))
        out.update(summarize("issue_8", conc["issue_lat"], extra=True))
        n["call_next_8"] = len(conc["call_lat"])
        n["issue_8"] = len(conc["issue_lat"])
        checks = _integrity(store, conc["issued"], conc["claimed"])
        out["double_calls"] = checks["double_calls"]
        out["duplicate_numbers"] = checks["duplicate_numbers"]
        out["lost_tickets"] = checks["lost_tickets"]
        out["errors_8"] = conc["errors"]
        out["calls_per_counter_8"] = conc["per_counter"]
        out["drain_s_8"] = conc["drain_s"]
        out["integrity"] = checks
        _progress(url, f"8 processes: issued {n['issue_8']}, called {n['call_next_8']}")

        burst = _bench_burst(store, url, clock, scaled(BURST_ROUNDS))
        out.update(summarize("call_next_8_burst", burst["lat"], extra=True))
        out["errors_8_burst"] = burst["errors"]
        n["call_next_8_burst"] = len(burst["lat"])
        _progress(url, f"burst: {n['call_next_8_burst']} calls in rounds of 8")

        feed = _bench_feed(store, url, clock, scaled(FEED_EVENTS))
        out.update(summarize("feed", feed["lat"], extra=True))
        out["feed_missed"] = feed["missed"]
        n["feed"] = len(feed["lat"])
        _progress(url, f"feed x{n['feed']}")

        out["n"] = n
        out.update(store_versions(store))
        # Other work on the machine inflates every figure; note how busy it was.
        out["loadavg_1m"] = {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2),
                             "cpus": os.cpu_count()}
        return out
    finally:
        store.dispose()


def _progress(url: str, what: str) -> None:
    kind = "postgresql" if url.startswith("postgresql") else "sqlite"
    print(f"[core] {kind}: {what}", flush=True)


# --- single process ---------------------------------------------------------------------

def _bench_issue(store: Store, clock: BenchClock, count: int) -> tuple[list[float], float]:
    """Latencies, and this process's CPU time per issue (seconds)."""
    lat: list[float] = []
    for i in range(WARMUP + count):
        if i == WARMUP:
            cpu0 = time.process_time()
        t0 = time.perf_counter()
        with store.transaction() as s:
            rules.issue(s, "KTP", now=clock())
        if i >= WARMUP:
            lat.append(time.perf_counter() - t0)
    return lat, (time.process_time() - cpu0) / count


def _bench_call_next(store: Store, clock: BenchClock, counter: str, count: int) -> tuple[list[float], float]:
    """One counter calls next over the tickets issued above (each call finishes the held
    ticket: the documented rule). Latencies, and CPU time per call."""
    lat: list[float] = []
    for i in range(WARMUP + count):
        if i == WARMUP:
            cpu0 = time.process_time()
        t0 = time.perf_counter()
        with store.transaction() as s:
            res = rules.call_next(s, counter, now=clock())
        took = time.perf_counter() - t0
        if res.ticket is None:
            raise RuntimeError(f"queue ran dry after {i} calls; expected {WARMUP + count}")
        if i >= WARMUP:
            lat.append(took)
    return lat, (time.process_time() - cpu0) / count


# --- eight processes --------------------------------------------------------------------

BURST_ROUNDS = 150


def _burst_worker(url: str, counter: str, rounds: int, clock: BenchClock, barrier: Any, results: Any) -> None:
    """One counter in a burst: every round, all eight press "next" at the same moment (the
    barrier), as at opening time; then a short pause, as a clerk greets the visitor."""
    store = Store.open(url, upgrade_schema=False, trust_station_clock=True)
    lat: list[float] = []
    errors = 0
    try:
        with store.reading() as s:
            rules.load_site(s)
        for _ in range(rounds):
            barrier.wait(timeout=PROCESS_TIMEOUT_S)
            t0 = time.perf_counter()
            try:
                with store.transaction() as s:
                    rules.call_next(s, counter, now=clock())
            except (KnownError, SQLAlchemyError):
                errors += 1
            lat.append(time.perf_counter() - t0)
            time.sleep(0.02)
        results.put({"counter": counter, "lat": lat, "errors": errors})
    finally:
        store.dispose()


def _bench_burst(store: Store, url: str, clock: BenchClock, rounds: int) -> dict[str, Any]:
    with store.transaction() as s:
        for i in range(rounds * len(COUNTERS)):
            rules.issue(s, SERVICES[i % 2], now=clock())
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(COUNTERS))
    results = ctx.Queue()
    procs = [ctx.Process(target=_burst_worker, name=f"burst-{code}",
                         args=(url, code, rounds, clock, barrier, results)) for code in COUNTERS]
    for p in procs:
        p.start()
    try:
        got = [results.get(timeout=PROCESS_TIMEOUT_S) for _ in procs]
    finally:
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.terminate()
    return {"lat": [x for g in got for x in g["lat"]], "errors": sum(g["errors"] for g in got)}


def _waiting(store: Store) -> int:
    with store.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Ticket)
                            .where(Ticket.status == TicketStatus.WAITING)) or 0)


def _counter_worker(
    url: str, index: int, counter: str, n_issue: int, clock: BenchClock,
    barrier: Any, results: Any,
) -> None:
    """One counter PC: issues its share of the pool with the others, then (after everyone
    has issued) calls next until nobody waits."""
    store = Store.open(url, upgrade_schema=False, trust_station_clock=True)
    errors: list[str] = []
    try:
        with store.reading() as s:  # connect before the start line, like a running app
            rules.load_site(s)
        barrier.wait(timeout=PROCESS_TIMEOUT_S)
        issue_lat: list[float] = []
        issued: list[int] = []
        for i in range(n_issue):
            t0 = time.perf_counter()
            try:
                with store.transaction() as s:
                    r = rules.issue(s, SERVICES[(index + i) % 2], now=clock())
            except (KnownError, SQLAlchemyError) as exc:
                issue_lat.append(time.perf_counter() - t0)  # the visitor waited, then saw an error
                errors.append(f"issue: {type(exc).__name__}: {exc}"[:300])
                continue
            issue_lat.append(time.perf_counter() - t0)
            issued.append(r.ticket.id)

        barrier.wait(timeout=PROCESS_TIMEOUT_S)
        start = time.time()
        call_lat: list[float] = []
        claimed: list[int] = []
        empty = 0
        while len(errors) < 50:
            t0 = time.perf_counter()
            try:
                with store.transaction() as s:
                    res = rules.call_next(s, counter, now=clock())
            except (KnownError, SQLAlchemyError) as exc:
                # The clerk waited this long and then saw an error: it counts as a latency.
                call_lat.append(time.perf_counter() - t0)
                errors.append(f"call_next: {type(exc).__name__}: {exc}"[:300])
                continue
            took = time.perf_counter() - t0
            if res.ticket is not None:
                call_lat.append(took)
                claimed.append(res.ticket.id)
                continue
            # SKIP LOCKED passes over tickets another counter is claiming right now, so an
            # empty answer ends the run only once nothing waits at all.
            if _waiting(store) == 0:
                break
            empty += 1
            time.sleep(0.001)
        results.put({
            "counter": counter, "issue_lat": issue_lat, "issued": issued, "call_lat": call_lat,
            "claimed": claimed, "errors": errors, "empty": empty, "start": start, "end": time.time(),
        })
    finally:
        store.dispose()


def _bench_concurrent(url: str, clock: BenchClock, per_worker: int) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(COUNTERS))
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_counter_worker, name=f"bench-{code}",
                    args=(url, i, code, per_worker, clock, barrier, results))
        for i, code in enumerate(COUNTERS)
    ]
    for p in procs:
        p.start()
    got: list[dict[str, Any]] = []
    try:
        deadline = time.monotonic() + PROCESS_TIMEOUT_S
        while len(got) < len(procs):
            try:
                got.append(results.get(timeout=1))
            except queue.Empty:
                dead = [p for p in procs if p.exitcode not in (None, 0)]
                if dead or time.monotonic() > deadline:
                    barrier.abort()
                    raise RuntimeError(
                        "counter processes failed: "
                        + ", ".join(f"{p.name} exit {p.exitcode}" for p in procs)) from None
    finally:
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.terminate()
                p.join()
    errors = [e for g in got for e in g["errors"]]
    for e in errors[:10]:
        print(f"[core]   worker error: {e}", flush=True)
    return {
        "issue_lat": [x for g in got for x in g["issue_lat"]],
        "call_lat": [x for g in got for x in g["call_lat"]],
        "issued": [x for g in got for x in g["issued"]],
        "claimed": {g["counter"]: g["claimed"] for g in got},
        "errors": len(errors),
        "per_counter": {g["counter"]: len(g["claimed"]) for g in sorted(got, key=lambda g: g["counter"])},
        "drain_s": round(max(g["end"] for g in got) - min(g["start"] for g in got), 2),
    }


def _integrity(store: Store, issued: list[int], claimed: dict[str, list[int]]) -> dict[str, Any]:
    """Check the store itself after the drain: every number once and in sequence, every
    ticket called exactly once by exactly one counter, nothing left waiting."""
    with store.reading() as s:
        calls = s.execute(select(Event.ticket_id, Event.counter_id)
                          .where(Event.kind == "ticket_called")).tuples().all()
        tickets = s.execute(select(Ticket.id, Ticket.issued_service_id, Ticket.business_day,
                                   Ticket.number, Ticket.code, Ticket.status, Ticket.counter_id)
                            ).tuples().all()
        sequences = s.execute(select(DaySequence.service_id, DaySequence.business_day,
                                     DaySequence.last_number)).tuples().all()

    called_by: dict[int, list[int | None]] = defaultdict(list)
    for ticket_id, counter_id in calls:
        if ticket_id is not None:
            called_by[ticket_id].append(counter_id)
    # A ticket claimed twice: two ticket_called events, a ticket row naming another
    # counter than its event, or two worker processes that both got it back.
    twice_in_feed = {t for t, cs in called_by.items() if len(cs) > 1}
    row_mismatch = {t[0] for t in tickets
                    if len(called_by.get(t[0], ())) == 1 and t[6] != called_by[t[0]][0]}
    by_workers = Tally(t for ids in claimed.values() for t in ids)
    twice_in_workers = {t for t, c in by_workers.items() if c > 1}
    doubles = twice_in_feed | row_mismatch | twice_in_workers

    numbers = Tally((svc, day, number) for _id, svc, day, number, *_rest in tickets)
    duplicate_numbers = sum(c - 1 for c in numbers.values() if c > 1)
    codes = Tally((day, code) for _id, _svc, day, _n, code, *_rest in tickets)
    duplicate_codes = sum(c - 1 for c in codes.values() if c > 1)
    per_service: dict[tuple[int, Any], set[int]] = defaultdict(set)
    for _id, svc, day, number, *_rest in tickets:
        per_service[(svc, day)].add(number)
    last = {(svc, day): n for svc, day, n in sequences}
    gaps = 0
    for key in per_service.keys() | last.keys():
        expected = set(range(1, last.get(key, 0) + 1))
        gaps += len(expected - per_service.get(key, set()))
        gaps += len(per_service.get(key, set()) - expected)  # numbers beyond the sequence
    ids = {t[0] for t in tickets}
    still_waiting = {t[0] for t in tickets if t[5] == TicketStatus.WAITING}
    never_called = ids - called_by.keys()
    vanished = set(issued) - ids  # reported as issued by a process, but not in the store
    statuses = Tally(t[5] for t in tickets)
    return {
        "double_calls": len(doubles),
        "duplicate_numbers": duplicate_numbers + duplicate_codes,
        "lost_tickets": len(still_waiting | never_called) + len(vanished) + gaps,
        "numbers_consecutive": gaps == 0 and duplicate_numbers == 0,
        "tickets": len(tickets),
        "statuses": dict(sorted(statuses.items())),
        "calls_in_feed": len(calls),
        "detail": {
            "called_twice_in_feed": len(twice_in_feed), "row_counter_mismatch": len(row_mismatch),
            "claimed_by_two_processes": len(twice_in_workers), "duplicate_codes": duplicate_codes,
            "waiting_after_drain": len(still_waiting), "never_called": len(never_called),
            "vanished": len(vanished), "number_gaps": gaps,
        },
    }


# --- feed latency -----------------------------------------------------------------------

def _feed_reader(url: str, expected: int, ready: Any, results: Any) -> None:
    """Follows the feed as the apps' FeedWatcher does (make_waker + events_since, default
    50 ms SQLite poll) and notes the wall-clock time each ticket_issued event is seen."""
    store = Store.open(url, upgrade_schema=False, trust_station_clock=True)
    waker = events.make_waker(url)
    seen: dict[str, float] = {}
    try:
        with store.reading() as s:
            last_id = events.last_event_id(s)
        ready.set()
        deadline = time.monotonic() + PROCESS_TIMEOUT_S
        while len(seen) < expected and time.monotonic() < deadline:
            with store.readers() as s:
                batch = events.events_since(s, last_id)
            now = time.time()
            if batch:
                last_id = batch[-1].id
                for e in batch:
                    if e.kind == "ticket_issued":
                        seen.setdefault(e.data["code"], now)
                continue
            waker.wait(0.25)
        results.put(seen)
    finally:
        waker.close()
        store.dispose()


def _bench_feed(store: Store, url: str, clock: BenchClock, count: int) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    ready = ctx.Event()
    results = ctx.Queue()
    reader = ctx.Process(target=_feed_reader, name="bench-feed", args=(url, count, ready, results))
    reader.start()
    try:
        if not ready.wait(60):
            raise RuntimeError("feed reader did not start")
        time.sleep(0.3)  # let the reader settle into its wait
        committed: dict[str, float] = {}
        start = time.monotonic()
        for i in range(count):
            pause = start + i * FEED_INTERVAL_S - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            with store.transaction() as s:
                r = rules.issue(s, "KK", now=clock())
            committed[r.ticket.code] = time.time()  # just after COMMIT returned
        seen: dict[str, float] = results.get(timeout=PROCESS_TIMEOUT_S)
    finally:
        reader.join(timeout=10)
        if reader.is_alive():
            reader.terminate()
            reader.join()
    lat = [seen[code] - t for code, t in committed.items() if code in seen]
    return {"lat": lat, "missed": len(committed) - len(lat)}


# --- report -----------------------------------------------------------------------------

ROWS = (
    ("issue p50 (ms)", "issue_p50_ms", ""),
    ("issue p95 (ms)", "issue_p95_ms", ""),
    ("call_next p50 (ms)", "call_next_p50_ms", ""),
    ("call_next p95 (ms)", "call_next_p95_ms", ""),
    ("issue client CPU (ms/op)", "issue_client_cpu_ms", ""),
    ("call_next client CPU (ms/op)", "call_next_client_cpu_ms", ""),
    ("call_next 8 procs p50 (ms)", "call_next_8_p50_ms", ""),
    ("call_next 8 procs p95 (ms)", "call_next_8_p95_ms", TARGETS["call_next_8_p95_ms"]),
    ("call_next 8 procs p99 (ms)", "call_next_8_p99_ms", ""),
    ("call_next 8 procs max (ms)", "call_next_8_max_ms", ""),
    ("call_next 8 at once p50 (ms)", "call_next_8_burst_p50_ms", ""),
    ("call_next 8 at once p95 (ms)", "call_next_8_burst_p95_ms", ""),
    ("call_next 8 at once max (ms)", "call_next_8_burst_max_ms", ""),
    ("issue 8 procs p50 (ms)", "issue_8_p50_ms", ""),
    ("issue 8 procs p95 (ms)", "issue_8_p95_ms", ""),
    ("double calls", "double_calls", TARGETS["double_calls"]),
    ("duplicate numbers", "duplicate_numbers", TARGETS["duplicate_numbers"]),
    ("lost tickets", "lost_tickets", TARGETS["lost_tickets"]),
    ("errors in 8 procs", "errors_8", "0"),
    ("drain time 8 procs (s)", "drain_s_8", ""),
    ("feed p50 (ms)", "feed_p50_ms", ""),
    ("feed p95 (ms)", "feed_p95_ms", TARGETS["feed_p95_ms"]),
    ("feed max (ms)", "feed_max_ms", ""),
    ("feed events missed", "feed_missed", "0"),
    ("n issue / call_next", "n.issue", ""),
    ("n call_next 8 procs", "n.call_next_8", ""),
    ("n feed", "n.feed", ""),
    ("store", "store_version", ""),
    ("code", "code", ""),
    ("load avg 1m before", "loadavg_1m.before", "~0 (idle machine)"),
    ("load avg 1m after", "loadavg_1m.after", ""),
    ("runtime (s)", "runtime_s", ""),
)


def report(results: dict[str, Any]) -> None:
    print_table("core benchmark", ROWS, results)
    for kind, entry in results.items():
        if isinstance(entry, dict) and "calls_per_counter_8" in entry:
            spread = entry["calls_per_counter_8"]
            print(f"{kind}: calls per counter (8 procs): "
                  + " ".join(f"{k}={v}" for k, v in spread.items()))
    for line in missed_targets(results):
        print(f"TARGET MISSED: {line}")


def missed_targets(results: dict[str, Any]) -> list[str]:
    missed = []
    feed_limit = {"sqlite": 100.0, "postgresql": 30.0}
    for kind, e in results.items():
        if not isinstance(e, dict) or "error" in e:
            continue
        if (e.get("call_next_8_p95_ms") or 0) > 15:
            missed.append(f"{kind} call_next_8_p95 {e['call_next_8_p95_ms']:.1f} ms > 15 ms")
        for key in ("double_calls", "duplicate_numbers", "lost_tickets", "errors_8", "feed_missed"):
            if e.get(key):
                missed.append(f"{kind} {key} = {e[key]}")
        if (e.get("feed_p95_ms") or 0) > feed_limit[kind]:
            missed.append(f"{kind} feed_p95 {e['feed_p95_ms']:.1f} ms > {feed_limit[kind]:.0f} ms")
    return missed
