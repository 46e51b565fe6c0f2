"""Many processes against one store: no ticket is called twice, none is lost, numbers are
unique and consecutive, and a feed reader never skips an event. Real processes, real stores."""

from __future__ import annotations

import multiprocessing as mp
import time
import traceback
from collections import Counter as Tally

import pytest
from sqlalchemy import func, select

from shared import events, rules, site
from shared.models import Event, Service, Ticket
from shared.store import Store
from tests.conftest import T0
from tests.when import TickingClock

pytestmark = pytest.mark.slow

N_COUNTERS = 16


def crowd_site(n_counters: int = N_COUNTERS) -> site.SiteSpec:
    lines = [
        '[site]\nname = "MPP Ramai"\nalways_open = true\n',
        '[[agencies]]\ncode = "DUKCAPIL"\nname = "Dukcapil"\n',
        '[[services]]\ncode = "KTP"\nagency = "DUKCAPIL"\nname = "KTP-el"\nprefix = "A"\n',
        '[[services]]\ncode = "KK"\nagency = "DUKCAPIL"\nname = "KK"\nprefix = "B"\n',
    ]
    lines += [
        f'[[counters]]\ncode = "L{i:02d}"\nname = "Loket {i}"\nagency = "DUKCAPIL"\n'
        f'services = ["KTP", "KK"]\n'
        for i in range(1, n_counters + 1)
    ]
    return site.parse_site("\n".join(lines), source="crowd.toml")


def prepare(url: str, tickets: int, clock: TickingClock) -> Store:
    store = Store.open(url, trust_station_clock=True)
    with store.transaction() as s:
        site.apply_site(s, crowd_site(), now=T0)
        for i in range(1, N_COUNTERS + 1):
            rules.open_counter(s, f"L{i:02d}", now=T0)
    with store.transaction() as s:
        for i in range(tickets):
            rules.issue(s, "KTP" if i % 3 else "KK", now=clock(),
                        priority="lansia" if i % 7 == 0 else None)
    return store


def _caller(url: str, counter: str, clock: TickingClock, start: mp.synchronize.Event, out: mp.Queue) -> None:
    codes: list[int] = []
    try:
        store = Store.open(url, upgrade_schema=False, trust_station_clock=True)
        start.wait()
        misses = 0
        while misses < 3:
            with store.transaction() as s:
                r = rules.call_next(s, counter, now=clock())
            if r.ticket is None:
                misses += 1
                time.sleep(0.01)
            else:
                codes.append(r.ticket.id)
        store.dispose()
        out.put((counter, codes, None))
    except Exception:  # noqa: BLE001 - the test reports it
        out.put((counter, codes, traceback.format_exc()))


def _issuer(url: str, n: int, clock: TickingClock, start: mp.synchronize.Event, out: mp.Queue) -> None:
    got: list[str] = []
    try:
        store = Store.open(url, upgrade_schema=False, trust_station_clock=True)
        start.wait()
        for _ in range(n):
            with store.transaction() as s:
                got.append(rules.issue(s, "KTP", now=clock()).ticket.code)
        store.dispose()
        out.put((got, None))
    except Exception:  # noqa: BLE001 - the test reports it
        out.put((got, traceback.format_exc()))


def _run(target, args_list):
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    out = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*a, start, out)) for a in args_list]
    for p in procs:
        p.start()
    time.sleep(0.5)
    start.set()
    results = [out.get(timeout=240) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    return results


def test_sixteen_counters_calling_next_call_every_ticket_exactly_once(store_url):
    clock = TickingClock.starting(T0)  # handed to every process: they share one time
    store = prepare(store_url, 1000, clock)
    results = _run(_caller, [(store_url, f"L{i:02d}", clock) for i in range(1, N_COUNTERS + 1)])
    errors = [err for _, _, err in results if err]
    assert errors == []
    called = [tid for _, ids, _ in results for tid in ids]
    twice = [tid for tid, n in Tally(called).items() if n > 1]
    assert twice == []
    assert len(called) == 1000
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.status == "waiting")) == 0
        call_events = s.scalars(select(Event.ticket_id).where(Event.kind == "ticket_called")).all()
    assert sorted(call_events) == sorted(called)
    assert len({c for c, ids, _ in results if ids}) > 1  # the work really was shared
    store.dispose()


def test_eight_kiosks_issuing_at_once_get_unique_consecutive_numbers(store_url):
    clock = TickingClock.starting(T0)
    store = prepare(store_url, 0, clock)
    results = _run(_issuer, [(store_url, 60, clock)] * 8)
    assert [err for _, err in results if err] == []
    codes = [c for got, _ in results for c in got]
    assert sorted(codes) == [f"A{n:03d}" for n in range(1, 481)]
    with store.reading() as s:
        numbers = s.scalars(select(Ticket.number).join(Service, Ticket.service_id == Service.id)
                            .where(Service.code == "KTP").order_by(Ticket.number)).all()
    assert numbers == list(range(1, 481))
    store.dispose()


def test_a_feed_reader_never_skips_an_event_while_several_processes_write(store_url):
    clock = TickingClock.starting(T0)
    store = prepare(store_url, 0, clock)
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    out = ctx.Queue()
    writers = [ctx.Process(target=_issuer, args=(store_url, 80, clock, start, out)) for _ in range(4)]
    for p in writers:
        p.start()
    seen: list[int] = []
    last = 0
    with store.reading() as s:
        last = events.last_event_id(s)
    start.set()
    deadline = time.monotonic() + 120
    while any(p.is_alive() for p in writers) and time.monotonic() < deadline:
        with store.reading() as s:
            batch = events.events_since(s, last)
        if batch:
            seen.extend(e.id for e in batch)
            last = batch[-1].id
    results = [out.get(timeout=60) for _ in writers]
    for p in writers:
        p.join(timeout=30)
    assert [err for _, err in results if err] == []
    with store.reading() as s:
        seen.extend(e.id for e in events.events_since(s, last))
        everything = s.scalars(select(Event.id).where(Event.kind == "ticket_issued")).all()
    assert sorted(everything) == seen  # in order, none skipped, none twice
    assert len(seen) == 320
    store.dispose()
