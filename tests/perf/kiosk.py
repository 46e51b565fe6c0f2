"""The kiosk benchmark, on a SQLite file and on a fresh PostgreSQL database.

- ``tap_to_printer_*``: the real kiosk window (offscreen), a real mouse click on a service
  button, until the last byte of that ticket's receipt has been received by a network
  printer on loopback (a real TCP listener in a thread, answering the status query like
  an Epson). The span covers the printer status check, the issue transaction, the ticket
  page and rendering + sending the ESC/POS job. Between samples the visitor goes home and
  taps the agency again (not timed).
- ``cold_start_s``: from spawning ``python -m kiosk`` (site loaded, a network printer
  configured) until its first window paints.
- ``idle_rss_mb``: that process's resident memory after its home page has shown and it has
  sat idle for two seconds (read from /proc, Linux).

Writes ``perf-results/kiosk.json``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtTest import QTest

from kiosk.app import KioskApp, build
from kiosk.printer import StationPrinter
from shared import rules
from shared.printing import PrinterSettings
from shared.ui.app import make_app
from tests.perf.common import (
    BenchClock,
    open_bench_store,
    per_store,
    print_table,
    scaled,
    store_versions,
    summarize,
)
from tests.perf.firstframe import cold_starts
from tests.service.printer_peer import LoopbackPrinter

N_TAPS = 200
N_COLD = 8
WARM_UP = 3
TIMEOUT_S = 10.0

TARGETS = {
    "tap_to_printer_p95_ms": "<= 150 ms",
    "cold_start_s": "<= 1.5 s",
    "idle_rss_mb": "<= 150 MB",
}
ROWS = (
    ("tap → printer p50 (ms)", "tap_to_printer_p50_ms", ""),
    ("tap → printer p95 (ms)", "tap_to_printer_p95_ms", TARGETS["tap_to_printer_p95_ms"]),
    ("tap → printer max (ms)", "tap_to_printer_max_ms", ""),
    ("receipt bytes", "receipt_bytes", ""),
    ("cold start median (s)", "cold_start_s", TARGETS["cold_start_s"]),
    ("cold start max (s)", "cold_start_max_s", ""),
    ("idle RSS (MB)", "idle_rss_mb", TARGETS["idle_rss_mb"]),
    ("samples taps / cold", "samples", ""),
)

# Runs the real entry point; reports the first paint of a top-level window, then its
# memory after the home page has shown and two idle seconds have passed.
COLD = """
import sys
from PySide6.QtWidgets import QApplication
from shared.ui.app import make_app
from tests.perf.common import BenchClock
from tests.perf.firstframe import FirstFrame, report_rss, when

app = make_app("Antre Kios")

def wait_home():
    from kiosk.view import KioskWindow
    w = next(x for x in QApplication.topLevelWidgets() if isinstance(x, KioskWindow))
    when(lambda: w.page == "home", lambda: report_rss(app))

spy = FirstFrame(wait_home)
app.installEventFilter(spy)
from kiosk.app import main
sys.exit(main(["--db", sys.argv[1], "--windowed"], clock=BenchClock.parse(sys.argv[2])))
"""


def run() -> dict[str, Any]:
    return per_store("kiosk", lambda url, _kind: bench_store(url))

def bench_store(url: str) -> dict[str, Any]:
    qt = make_app("Antre Kios bench")
    clock = BenchClock.starting_now()
    store = open_bench_store(url, clock)
    printer = LoopbackPrinter()
    out: dict[str, Any] = {}
    try:
        with store.transaction() as s:
            rules.roll_over(s, now=clock())
        n_taps, n_cold = scaled(N_TAPS), scaled(N_COLD, minimum=3)
        settings = PrinterSettings(connection="network", host="127.0.0.1", port=printer.port, timeout=5)
        app = build(store, clock=clock, printer=StationPrinter(store, settings, clock))
        try:
            app.window.resize(1920, 1080)
            app.window.show()
            app.start()
            _pump_until(qt, lambda: app.window.page == "home", "the home page")
            taps, sizes = _tap_to_printer(qt, app, printer, n_taps)
        finally:
            app.stop()
            app.window.close()
            qt.processEvents()
        cold, rss = _cold_start(url, clock, printer.port, n_cold)
        out.update(summarize("tap_to_printer", taps, extra=True))
        out["receipt_bytes"] = round(statistics.median(sizes))
        out["cold_start_s"] = round(statistics.median(cold), 3)
        out["cold_start_max_s"] = round(max(cold), 3)
        out["idle_rss_mb"] = round(statistics.median(rss), 1)
        out["samples"] = f"{len(taps)} / {len(cold)}"
        out["load_average_1m"] = round(os.getloadavg()[0], 2)
        out.update(store_versions(store))
    finally:
        printer.close()
        store.dispose()
    return out


def _pump(qt: Any) -> None:
    qt.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def _pump_until(qt: Any, ready: Any, what: str) -> float:
    deadline = time.perf_counter() + TIMEOUT_S
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        _pump(qt)
    return time.perf_counter()


def _tap_to_printer(
    qt: Any, app: KioskApp, printer: LoopbackPrinter, n: int
) -> tuple[list[float], list[int]]:
    w = app.window
    samples: list[float] = []
    sizes: list[int] = []
    codes: list[bytes] = []
    for i in range(n + WARM_UP):
        app.worker.wait()
        w.go_home(reset=True)
        _pump_until(qt, lambda: w.page == "home", "the home page")
        tile = w.home.tile_for("DUKCAPIL")
        assert tile is not None
        QTest.mouseClick(tile, Qt.MouseButton.LeftButton)
        button = w.agency.button_for("KTP")
        if button is None or not button.isEnabled():
            raise RuntimeError("the KTP button is not there to tap")
        before = len(printer.jobs)
        t0 = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        _pump_until(qt, lambda b=before: len(printer.jobs) > b, "the receipt on the printer")
        job = printer.jobs[before]
        if len(printer.jobs) != before + 1:
            raise RuntimeError("one tap printed more than one receipt")
        codes.append(w.ticket.code.text().encode())
        if codes[-1] + b"\n" not in job.data:
            raise RuntimeError(f"the receipt printed is not {codes[-1]!r}'s")
        if i >= WARM_UP:
            samples.append(job.done_at - t0)
            sizes.append(len(job.data))
    if len(set(codes)) != len(codes):
        raise RuntimeError("a number was handed out twice")
    return samples, sizes


def _cold_start(url: str, clock: BenchClock, printer_port: int, n: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory(prefix="antre-kiosk-bench-") as tmp:
        config = Path(tmp) / "station.toml"
        config.write_text(f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {printer_port}\n',
                          encoding="utf-8")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANTRE_CONFIG=str(config))
        return cold_starts(COLD, [url, str(clock)], env=env, n=n, what="the kiosk")


def report(results: dict[str, Any]) -> None:
    print_table("kiosk benchmark", ROWS, results)
    for line in missed_targets(results):
        print(f"TARGET MISSED: {line}")


def missed_targets(results: dict[str, Any]) -> list[str]:
    missed = []
    for kind, e in results.items():
        if not isinstance(e, dict) or "error" in e:
            continue
        if (e.get("tap_to_printer_p95_ms") or 0) > 150:
            missed.append(f"{kind} tap_to_printer_p95 {e['tap_to_printer_p95_ms']:.1f} ms > 150 ms")
        if (e.get("cold_start_s") or 0) > 1.5:
            missed.append(f"{kind} cold_start {e['cold_start_s']:.2f} s > 1.5 s")
        if (e.get("idle_rss_mb") or 0) > 150:
            missed.append(f"{kind} idle_rss {e['idle_rss_mb']:.1f} MB > 150 MB")
    return missed
