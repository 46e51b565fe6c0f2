"""The wall display benchmark, on a SQLite file and on a fresh PostgreSQL database.

Every figure comes from the real display (``display.app.build``: reducer, board widget,
event feed, voice queue) running offscreen in a process of its own:

- ``board_*``: another process (a counter) commits "call next" at random moments, 50-150 ms
  apart; the latency runs from just after its commit until the board widget shows that
  number (the board process notes the moment its window has rendered the new state).
  Both processes read the same monotonic clock (CLOCK_MONOTONIC is system-wide on Linux).
- ``voice_start_*``: from that board update until QMediaPlayer reports that the chime is
  playing (QtAudioSink's start signal), with real pyttsx3/espeak-ng synthesis in the queue.
  ``speech_start_*``: until the spoken sentence itself starts playing, with the chime cut
  short as soon as it starts (so the figure is synthesis + player start, not the chime's
  1.5 s). There is no sound card here: QMediaPlayer plays into nothing but still reports
  the start; each sound is cut when it starts so calls 100 ms apart do not pile up.
- ``idle_cpu_pct`` / ``idle_rss_mb``: the board (1920x1080, a scrolling marquee, the clock,
  the feed's wake-up, an idle voice queue) left alone; CPU time of its whole process over
  the idle period as a share of one core, and its resident memory at the end.
- ``soak_rss_growth_pct``: 50,000 events (issues, calls, recalls, finishes) fed through the
  real controller, reducer and board widget; resident memory after all of them against
  after the first 1,000. Run once, on SQLite (the store only serves the waiting counts).
- ``speech_lag_*``, ``lag_growth_s_at_20``, ``unspoken_calls``: a 10-minute busy floor at
  6, 12 and 20 calls a minute from the demo MPP's 30 counters with 10 % recalls; the lag
  runs from a call's commit to the start of its first speech (not its chime). Time is
  compressed and the speaker is a fake that waits each WAV's duration: see
  :func:`busy_floor` for what is real.

Writes ``perf-results/display.json``: ``{"sqlite": {...}, "postgresql": {...}}``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import multiprocessing as mp
import os
import queue
import random
import resource
import time
from typing import Any

from shared import rules, site
from shared.store import Store
from tests.perf.common import (
    BENCH_SITE,
    BenchClock,
    open_bench_store,
    per_store,
    print_table,
    quantile_ms,
    scale,
    scaled,
    store_versions,
    summarize,
)

log = logging.getLogger(__name__)

N_CALLS = 200
GAP_S = (0.05, 0.15)
IDLE_S = 60.0
SOAK_EVENTS = 50_000
SOAK_FIRST = 1_000
PROCESS_TIMEOUT_S = 300
MARQUEE = ("Selamat datang di Mal Pelayanan Publik. Siapkan dokumen asli dan fotokopi sebelum dipanggil. "
           "Tidak ada biaya di luar tarif resmi. Terima kasih atas kesabaran Bapak/Ibu.")

TARGETS = {
    "board_p95_ms": "<= 100 ms SQLite, <= 50 ms PostgreSQL",
    "voice_start_p95_ms": "<= 500 ms",
    "idle_cpu_pct": "<= 2 %",
    "idle_rss_mb": "<= 150 MB",
    "soak_rss_growth_pct": "<= 10 %",
    "speech_lag_p95_s_at_6": "<= 8 s",
    "speech_lag_p95_s_at_20": "<= 20 s",
    "speech_lag_max_s_at_20": "<= 40 s",
    "lag_growth_s_at_20": "<= 5 s",
    "unspoken_calls": "0",
}


def run() -> dict[str, Any]:
    return per_store("display", lambda url, kind: bench_store(url, soak=kind == "sqlite"))

PARTS = frozenset((os.environ.get("ANTRE_BENCH_DISPLAY") or "live,idle,soak,busy").split(","))
"""Which parts run (``ANTRE_BENCH_DISPLAY=busy`` for the busy floor alone, while developing)."""


def bench_store(url: str, *, soak: bool) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    clock = BenchClock.starting_now()
    store = open_bench_store(url, clock)
    try:
        spec = site.load_site_file(BENCH_SITE)
        spec = dataclasses.replace(spec, settings=dataclasses.replace(spec.settings, marquee=MARQUEE))
        with store.transaction() as s:
            site.apply_site(s, spec, now=clock())
            rules.open_counter(s, "L1", now=clock())
        out: dict[str, Any] = {}
        n = scaled(N_CALLS)
        if "live" in PARTS:
            out.update(_live(url, clock, n))
        if "idle" in PARTS:
            out.update(_idle(url, clock))
        if soak and "soak" in PARTS:
            events = max(SOAK_FIRST * 5, scaled(SOAK_EVENTS))
            soaked = _in_process(_soak_board, url, clock, events)
            out.update(soaked)
            print(f"[display] soak x{events}: {soaked['soak_rss_growth_pct']:.1f} % growth", flush=True)
        if "busy" in PARTS:
            out.update(busy_floor(url, clock))
        out["n"] = {"calls": n}
        out.update(store_versions(store))
        out["load_avg_before"] = round(load_before, 2)
        out["load_avg_after"] = round(os.getloadavg()[0], 2)
        return out
    finally:
        store.dispose()


def _live(url: str, clock: BenchClock, n: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    live = _in_process(_live_board, url, clock, n)
    out.update(summarize("board", live["board"], extra=True))
    out.update(summarize("voice_start", live["voice"], extra=True))
    out.update(summarize("speech_start", live["speech"], extra=True))
    out["board_missed"] = n - len(live["board"])
    out["voice_missed"] = n - len(live["voice"])
    out["speech_missed"] = n - len(live["speech"])
    out["voice_status"] = live["voice_status"]
    print(f"[display] board x{len(live['board'])}, voice x{len(live['voice'])}", flush=True)
    return out


def _idle(url: str, clock: BenchClock) -> dict[str, Any]:
    idle_s = max(10.0, IDLE_S * scale())
    idle = _in_process(_idle_board, url, clock, idle_s)
    print(f"[display] idle {idle_s:.0f} s: {idle['cpu_pct']:.2f} % CPU, {idle['rss_mb']:.0f} MB", flush=True)
    return {"idle_cpu_pct": idle["cpu_pct"], "idle_rss_mb": idle["rss_mb"], "idle_s": idle_s}


def _in_process(target: Any, *args: Any) -> dict[str, Any]:
    """Run ``target(*args, results)`` in a fresh spawned process (its own Qt, its own RSS)."""
    ctx = mp.get_context("spawn")
    results: Any = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, results), name=f"bench-{target.__name__}")
    proc.start()
    try:
        out: dict[str, Any] = results.get(timeout=PROCESS_TIMEOUT_S)
    except queue.Empty:
        proc.kill()
        raise TimeoutError(f"{target.__name__} gave no result in {PROCESS_TIMEOUT_S} s") from None
    finally:
        proc.join(30)
    if "error" in out:
        raise RuntimeError(out["error"])
    return out


# --- the processes ----------------------------------------------------------------------

def _qt_app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from shared.ui.app import make_app

    return make_app("Antre Bench")


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)  # all threads: GUI, feed, voice
    return r.ru_utime + r.ru_stime


def _run_loop(seconds: float) -> None:
    """Run the Qt event loop for ``seconds``, idle unless a timer or the feed wakes it."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _pump_until(app: Any, ready: Any, timeout_s: float, what: str) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + timeout_s
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)


def _caller(url: str, clock: BenchClock, n: int, go: Any, commits: Any) -> None:
    """A counter PC: commits n calls at random moments; reports (code, t_after_commit)."""
    store = Store.open(url, trust_station_clock=True)
    rng = random.Random(7)
    try:
        go.wait(120)
        for _ in range(n):
            time.sleep(rng.uniform(*GAP_S))
            with store.transaction() as s:
                result = rules.call_next(s, "L1", now=clock())
            t = time.monotonic()
            commits.put((result.ticket.code if result.ticket else "", t))
    finally:
        store.dispose()
        commits.put(None)


def _live_board(url: str, clock: BenchClock, n: int, results: Any) -> None:
    try:
        results.put(_live_board_inner(url, clock, n))
    except Exception as exc:  # reported to the parent, which records it
        log.exception("live board failed")
        results.put({"error": f"{type(exc).__name__}: {exc}"})


def _live_board_inner(url: str, clock: BenchClock, n: int) -> dict[str, Any]:
    app = _qt_app()
    from display.app import build
    from display.voice import QtAudioSink
    from shared.voice.settings import from_section

    class CutSink(QtAudioSink):
        """The real QMediaPlayer start; the sound is cut as soon as it starts."""

        def play(self, path: Any, started: Any, finished: Any) -> None:
            def begun() -> None:
                started()
                finished(True)

            super().play(path, begun, lambda _ok: None)

    store = Store.open(url, trust_station_clock=True)
    with store.transaction() as s:
        for _ in range(n + 5):
            rules.issue(s, "KTP", now=clock())
    sink = CutSink()
    display = build(store, clock=clock, voice=from_section({"repeat": 1}), sink=sink)
    w = display.window
    shown: dict[str, float] = {}
    order: list[str] = []
    chimes: list[float] = []
    speeches: list[float] = []

    def on_board(state: Any) -> None:  # after the window's own slot: the widget shows it now
        now = time.monotonic()
        # Two calls can arrive in one feed batch: the earlier one is then on the board in the
        # list of earlier calls, the later one large.
        for call in state.calls:
            if call.code not in shown:
                shown[call.code] = now

    def on_called(call: Any) -> None:  # each live call, in order, as it is announced
        order.append(call.code)

    def on_sound(name: str) -> None:
        (chimes if name == "chime.wav" else speeches).append(time.monotonic())

    display.controller.board_changed.connect(on_board)
    display.controller.called.connect(on_called)
    sink.playback_started.connect(on_sound)
    w.resize(1920, 1080)
    w.show()
    display.start()
    _pump_until(app, lambda: display.controller.site is not None, 30, "the board")
    voice = display.voice
    assert voice is not None
    _pump_until(app, lambda: voice.queue.settled, 30, "the voice engine")

    ctx = mp.get_context("spawn")
    go, commits = ctx.Event(), ctx.Queue()
    caller = ctx.Process(target=_caller, args=(url, clock, n, go, commits), name="bench-caller")
    caller.start()
    committed: dict[str, float] = {}
    go.set()
    finished = False
    deadline = time.monotonic() + PROCESS_TIMEOUT_S - 120  # well before the parent gives up
    while time.monotonic() < deadline:
        _pump_until(app, lambda: True, 1, "")
        app.processEvents()
        try:
            while True:
                item = commits.get_nowait()
                if item is None:
                    finished = True
                    break
                committed[item[0]] = item[1]
        except queue.Empty:
            pass
        if finished and len(shown) >= len(committed):
            break
        time.sleep(0.001)
    # Let the last sounds start (or give up after a few seconds: counted as missed).
    end = time.monotonic() + 10
    while time.monotonic() < end and (len(chimes) < len(order) or len(speeches) < len(order)):
        app.processEvents()
        time.sleep(0.005)
    caller.join(30)
    status = voice.status
    display.stop()
    w.close()
    store.dispose()
    board = [shown[c] - t for c, t in committed.items() if c in shown]
    voice = [t - shown[c] for c, t in zip(order, chimes, strict=False) if c in shown]
    speech = [t - shown[c] for c, t in zip(order, speeches, strict=False) if c in shown]
    return {"board": board, "voice": voice, "speech": speech, "voice_status": status}


def _idle_board(url: str, clock: BenchClock, seconds: float, results: Any) -> None:
    try:
        app = _qt_app()
        from display.app import build
        from shared.voice.settings import from_section

        store = Store.open(url, trust_station_clock=True)
        display = build(store, clock=clock, voice=from_section({}))
        w = display.window
        w.resize(1920, 1080)
        w.show()
        display.start()
        _pump_until(app, lambda: display.controller.site is not None, 30, "the board")
        # Not app.quit(): in Qt 6 that also closes the windows.
        _run_loop(3.0)  # settle: first paints, the voice engine starting
        assert w.isVisible()
        assert w.marquee.isVisible() or not w.marquee.text()
        cpu0, t0 = _cpu_s(), time.monotonic()
        _run_loop(seconds)
        cpu, wall = _cpu_s() - cpu0, time.monotonic() - t0
        assert w.isVisible()
        rss = _rss_mb()
        display.stop()
        w.close()
        store.dispose()
        results.put({"cpu_pct": round(100 * cpu / wall, 2), "rss_mb": round(rss, 1)})
    except Exception as exc:  # reported to the parent, which records it
        log.exception("idle board failed")
        results.put({"error": f"{type(exc).__name__}: {exc}"})


def _soak_board(url: str, clock: BenchClock, events: int, results: Any) -> None:
    try:
        results.put(_soak_inner(url, clock, events))
    except Exception as exc:  # reported to the parent, which records it
        log.exception("soak failed")
        results.put({"error": f"{type(exc).__name__}: {exc}"})


def _soak_inner(url: str, clock: BenchClock, total: int) -> dict[str, Any]:
    app = _qt_app()
    from display.app import build
    from display.board import Call
    from shared.events import EventView

    class Silent:
        def __init__(self) -> None:
            self.count = 0

        def announce(self, text: str, call: Call, short: str = "") -> None:
            self.count += 1

    store = Store.open(url, trust_station_clock=True)
    silent = Silent()
    display = build(store, clock=clock, announcer=silent)
    w = display.window
    w.resize(1920, 1080)
    w.show()
    display.start()
    _pump_until(app, lambda: display.controller.site is not None, 30, "the board")
    ctl = display.controller
    day = ctl.state.business_day
    next_id = ctl.state.last_event_id + 1
    at = clock()
    kinds = ("ticket_issued", "ticket_called", "ticket_recalled", "ticket_finished")

    def make(i: int) -> EventView:
        ticket = i // 4
        kind = kinds[i % 4]
        return EventView(
            id=next_id + i, at=at + dt.timedelta(milliseconds=i), kind=kind, business_day=day,
            ticket_id=ticket, counter_id=1, user_id=None,
            data={"code": f"A{ticket % 1000:03d}", "counter": f"L{ticket % 8 + 1}",
                  "counter_name": f"Loket {ticket % 8 + 1}", "zone": "", "service_name": "KTP-el",
                  "agency": "DUKCAPIL", "agency_name": "Dinas Kependudukan dan Pencatatan Sipil",
                  "call_count": 1 + (kind == "ticket_recalled")})

    batch = 50
    rss_first = None
    t0 = time.monotonic()
    for start in range(0, total, batch):
        ctl._on_events([make(i) for i in range(start, min(total, start + batch))])
        app.processEvents()
        if rss_first is None and start + batch >= SOAK_FIRST:
            app.processEvents()
            rss_first = _rss_mb()
    took = time.monotonic() - t0
    _pump_until(app, lambda: not w.flashing, 10, "the last flash")
    app.processEvents()
    rss_last = _rss_mb()
    display.stop()
    w.close()
    store.dispose()
    assert rss_first is not None
    return {
        "soak_events": total,
        "soak_rss_first_mb": round(rss_first, 1),
        "soak_rss_last_mb": round(rss_last, 1),
        "soak_rss_growth_pct": round(100 * (rss_last - rss_first) / rss_first, 2),
        "soak_events_per_s": round(total / took),
        "soak_announced": silent.count,
    }


# --- report -----------------------------------------------------------------------------

ROWS = (
    ("board p50 (ms)", "board_p50_ms", ""),
    ("board p95 (ms)", "board_p95_ms", TARGETS["board_p95_ms"]),
    ("board max (ms)", "board_max_ms", ""),
    ("board missed", "board_missed", "0"),
    ("voice start p50 (ms)", "voice_start_p50_ms", ""),
    ("voice start p95 (ms)", "voice_start_p95_ms", TARGETS["voice_start_p95_ms"]),
    ("speech start p95 (ms)", "speech_start_p95_ms", ""),
    ("idle CPU (% of a core)", "idle_cpu_pct", TARGETS["idle_cpu_pct"]),
    ("idle RSS (MB)", "idle_rss_mb", TARGETS["idle_rss_mb"]),
    ("soak RSS growth (%)", "soak_rss_growth_pct", TARGETS["soak_rss_growth_pct"]),
    ("soak events/s", "soak_events_per_s", ""),
    ("busy floor: speech lag p95 at 6/min (s)", "speech_lag_p95_s_at_6", TARGETS["speech_lag_p95_s_at_6"]),
    ("busy floor: speech lag p95 at 12/min (s)", "speech_lag_p95_s_at_12", ""),
    ("busy floor: speech lag p95 at 20/min (s)", "speech_lag_p95_s_at_20", TARGETS["speech_lag_p95_s_at_20"]),
    ("busy floor: speech lag max at 20/min (s)", "speech_lag_max_s_at_20", TARGETS["speech_lag_max_s_at_20"]),
    ("busy floor: lag growth at 20/min (s)", "lag_growth_s_at_20", TARGETS["lag_growth_s_at_20"]),
    ("busy floor: calls never spoken", "unspoken_calls", TARGETS["unspoken_calls"]),
)


def report(results: dict[str, Any]) -> None:
    print_table("display benchmark", ROWS, results)
    for line in missed_targets(results):
        print(f"TARGET MISSED: {line}")


def missed_targets(results: dict[str, Any]) -> list[str]:
    missed = []
    board_limit = {"sqlite": 100.0, "postgresql": 50.0}
    for kind, e in results.items():
        if not isinstance(e, dict) or "error" in e:
            continue
        if (e.get("board_p95_ms") or 0) > board_limit[kind]:
            missed.append(f"{kind} board_p95 {e['board_p95_ms']:.1f} ms > {board_limit[kind]:.0f} ms")
        if (e.get("voice_start_p95_ms") or 0) > 500:
            missed.append(f"{kind} voice_start_p95 {e['voice_start_p95_ms']:.0f} ms > 500 ms")
        if (e.get("idle_cpu_pct") or 0) > 2:
            missed.append(f"{kind} idle CPU {e['idle_cpu_pct']:.2f} % > 2 %")
        if (e.get("idle_rss_mb") or 0) > 150:
            missed.append(f"{kind} idle RSS {e['idle_rss_mb']:.0f} MB > 150 MB")
        if (e.get("soak_rss_growth_pct") or 0) > 10:
            missed.append(f"{kind} soak RSS growth {e['soak_rss_growth_pct']:.1f} % > 10 %")
        for key in ("board_missed", "voice_missed", "unspoken_calls"):
            if e.get(key):
                missed.append(f"{kind} {key} = {e[key]}")
        for key, limit in (("speech_lag_p95_s_at_6", 8), ("speech_lag_p95_s_at_20", 20),
                           ("speech_lag_max_s_at_20", 40), ("lag_growth_s_at_20", 5)):
            if (e.get(key) or 0) > limit:
                missed.append(f"{kind} {key} {e[key]} s > {limit} s")
    return missed


__all__ = ["quantile_ms", "report", "run"]


# --- the busy floor -----------------------------------------------------------------------

BUSY_RATES = tuple(int(r) for r in os.environ.get('ANTRE_BUSY_RATES', '6,12,20').split(','))
BUSY_MINUTES = 10.0
BUSY_COMPRESS = float(os.environ.get("ANTRE_BENCH_COMPRESS", "10") or 10)
"""Time runs this many times faster than on the floor: see ``busy_floor``."""
DEMO_SITE = BENCH_SITE.parents[2] / "resources" / "sites" / "demo-batu.toml"
WARM_PER_SERVICE = 25
"""Tickets each service has served before the busy spell: the numbers called are 26 and up."""
WAITING_PER_SERVICE = 25


def busy_floor(url: str, clock: BenchClock) -> dict[str, Any]:
    """A 10-minute busy floor at 6, 12 and 20 calls a minute from the demo MPP's 30 counters,
    10 % of them recalls (``tests/busy_floor.py`` draws who calls when).

    What is real: the store, a counter process committing each call or recall with the real
    rules, the display process (``display.app.build``: feed, reducer, board widget, the voice
    queue and its backlog rules, pyttsx3/espeak-ng synthesising every sentence). What is not:
    there is no speaker, so the sink is a fake that "plays" each WAV for its real duration,
    and the floor runs ``BUSY_COMPRESS`` times faster than real time: the caller commits at
    compressed moments, the sink and the voice's pauses wait their compressed durations, and
    lags are measured on the monotonic clock and multiplied back. Synthesis, the feed and the
    board are not compressed, so their share of each lag is inflated by the same factor (a
    pessimistic figure)."""
    spec = site.load_site_file(DEMO_SITE)
    spec = dataclasses.replace(
        spec, settings=dataclasses.replace(spec.settings, always_open=True),
        services=tuple(dataclasses.replace(svc, quota=None) for svc in spec.services))
    store = Store.open(url)
    try:
        with store.transaction() as s:
            site.apply_site(s, spec, now=clock())
        counters = [c.code for c in spec.counters]
        with store.transaction() as s:
            for code in counters:
                rules.open_counter(s, code, now=clock())
        _issue_round(store, clock, [svc.code for svc in spec.services], WARM_PER_SERVICE)
        for code in counters:  # the morning so far: served and done
            while True:
                with store.transaction() as s:
                    if rules.call_next(s, code, now=clock()).ticket is None:
                        break
                    rules.finish(s, code, now=clock())
        _issue_round(store, clock, [svc.code for svc in spec.services], WAITING_PER_SERVICE)
    finally:
        store.dispose()
    floor = _in_process(_busy_board, url, clock, counters)
    out: dict[str, Any] = {}
    for rate in BUSY_RATES:
        lags = floor[str(rate)]
        out[f"speech_lag_p95_s_at_{rate}"] = round(_quantile(lags["lags"], 95), 2)
        out[f"speech_lag_p50_s_at_{rate}"] = round(_quantile(lags["lags"], 50), 2)
        out[f"speech_lag_max_s_at_{rate}"] = round(max(lags["lags"]), 2) if lags["lags"] else None
        out[f"lag_growth_s_at_{rate}"] = lags["growth"]
        out[f"calls_at_{rate}"] = lags["calls"]
        out[f"short_forms_at_{rate}"] = lags["short"]
        print(f"[display] busy floor {rate}/min: p95 {out[f'speech_lag_p95_s_at_{rate}']} s, "
              f"max {out[f'speech_lag_max_s_at_{rate}']} s, growth {lags['growth']} s, "
              f"{lags['unspoken']} unspoken of {lags['calls']}", flush=True)
    out["unspoken_calls"] = sum(floor[str(r)]["unspoken"] for r in BUSY_RATES)
    out["busy_compress"] = BUSY_COMPRESS
    out["busy_minutes"] = BUSY_MINUTES * scale()
    return out


def _issue_round(store: Store, clock: BenchClock, services: list[str], per_service: int) -> None:
    with store.transaction() as s:
        for _ in range(per_service):
            for svc in services:
                rules.issue(s, svc, now=clock())


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _floor_caller(url: str, clock: BenchClock, counters: list[str], plan: list[tuple[float, int, bool]],
                  go: Any, commits: Any) -> None:
    """The 30 counters of the floor: at each planned (compressed) moment, the counter calls
    its next visitor or recalls its current one. Reports (ticket_id, t_after_commit)."""
    from shared.errors import KnownError

    store = Store.open(url)
    try:
        go.wait(120)
        t0 = time.monotonic()
        commits.put(("start", t0, False))  # the floor's moment zero, for the per-minute figures
        for at, counter, recall in plan:
            delay = t0 + at / BUSY_COMPRESS - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            code = counters[(counter - 1) % len(counters)]
            try:
                with store.transaction() as s:
                    if recall:
                        ticket_id: int | None = rules.recall(s, code, now=clock()).id
                    else:
                        result = rules.call_next(s, code, now=clock())
                        ticket_id = result.ticket.id if result.ticket is not None else None
            except KnownError:
                continue  # e.g. a recall at a counter that holds nobody
            if ticket_id is not None:
                commits.put((ticket_id, time.monotonic(), recall))
    finally:
        store.dispose()
        commits.put(None)


def _busy_board(url: str, clock: BenchClock, counters: list[str], results: Any) -> None:
    try:
        results.put(_busy_board_inner(url, clock, counters))
    except Exception as exc:  # reported to the parent, which records it
        log.exception("busy floor failed")
        results.put({"error": f"{type(exc).__name__}: {exc}"})


def _busy_board_inner(url: str, clock: BenchClock, counters: list[str]) -> dict[str, Any]:
    import threading

    app = _qt_app()
    from display.app import build
    from shared.voice.backlog import Form
    from shared.voice.engine import wav_duration
    from shared.voice.settings import VoiceSettings
    from tests.busy_floor import floor

    starts: list[tuple[Any, float]] = []  # (ticket id, when its speech began)
    forms: list[Form] = []

    class TimedSink:
        """No speaker: each WAV 'plays' for its real duration, compressed."""

        voice: Any = None

        def play(self, path: Any, started: Any, finished: Any) -> None:
            now = time.monotonic()
            if path.name != "chime.wav" and self.voice is not None:
                progress = self.voice.queue.progress
                starts.append((progress.speaking, now))
                forms.append(progress.form)
            started()
            threading.Timer(wav_duration(path) / BUSY_COMPRESS, finished, args=(True,)).start()

    sink = TimedSink()
    store = Store.open(url)
    display = build(store, clock=clock, voice=VoiceSettings(), sink=sink,
                    voice_sleep=lambda s: time.sleep(s / BUSY_COMPRESS))
    sink.voice = display.voice
    w = display.window
    w.resize(1920, 1080)
    w.show()
    display.start()
    _pump_until(app, lambda: display.controller.site is not None, 30, "the board")
    voice = display.voice
    assert voice is not None
    _pump_until(app, lambda: voice.queue.settled, 30, "the voice engine")
    assert voice.queue.status is None, voice.queue.status  # real synthesis, or no benchmark
    out: dict[str, Any] = {}
    minutes = BUSY_MINUTES * scale()
    ctx = mp.get_context("spawn")
    try:
        for rate in BUSY_RATES:
            plan = [(c.at, c.counter, c.recall) for c in floor(rate, minutes, seed=rate)]
            go, commits = ctx.Event(), ctx.Queue()
            caller = ctx.Process(target=_floor_caller, args=(url, clock, counters, plan, go, commits),
                                 name="bench-floor")
            caller.start()
            first_start = len(starts)
            first_form = len(forms)
            committed: list[tuple[Any, float, bool]] = []
            go.set()
            t0 = time.monotonic()
            done = False
            deadline = t0 + minutes * 60 / BUSY_COMPRESS + 120
            while not done and time.monotonic() < deadline:
                app.processEvents()
                try:
                    while True:
                        item = commits.get_nowait()
                        if item is None:
                            done = True
                            break
                        if item[0] == "start":
                            t0 = item[1]
                            continue
                        committed.append(item)
                except queue.Empty:
                    time.sleep(0.002)
            caller.join(30)
            # Let the feed bring the last calls (it polls every 50 ms), then the voice finish.
            _run_loop(2.0)
            _pump_until(app, lambda: voice.queue.wait_idle(0), 90 / BUSY_COMPRESS + 30, "the voice to finish")
            out[str(rate)] = _lags(committed, starts[first_start:], t0, minutes,
                                   sum(f is Form.SHORT for f in forms[first_form:]))
    finally:
        display.stop()
        w.close()
        store.dispose()
    return out


def _lags(committed: list[tuple[Any, float, bool]], starts: list[tuple[Any, float]], t0: float,
          minutes: float, short: int) -> dict[str, Any]:
    """Each committed call's lag: to the first speech of its ticket that began after the
    commit (a recall merged into a waiting call shares that call's speech), in floor seconds."""
    lags: list[tuple[float, float]] = []
    unspoken = 0
    for ticket_id, at, _recall in committed:
        spoken = [t for key, t in starts if key == ticket_id and t >= at]
        if not spoken:
            unspoken += 1
            log.warning("never spoken after its commit: ticket %s (recall %s) at %.2f s; its speech "
                        "began at %s", ticket_id, _recall, (at - t0) * BUSY_COMPRESS,
                        [round((t - t0) * BUSY_COMPRESS, 2) for key, t in starts if key == ticket_id])
            continue
        lags.append(((at - t0) * BUSY_COMPRESS, (min(spoken) - at) * BUSY_COMPRESS))

    def mean_in(lo: float, hi: float) -> float:
        window = [lag for at, lag in lags if lo <= at < hi]
        return sum(window) / len(window) if window else float("nan")

    end = minutes * 60
    growth = mean_in(end - 60, end) - mean_in(60, 120)
    return {"lags": [lag for _, lag in lags], "growth": round(growth, 2), "calls": len(committed),
            "unspoken": unspoken, "short": short}
