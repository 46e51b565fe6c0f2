"""Screenshots of every screen of the three apps, for eyes and for the docs: ``make screenshots``.

One process, offscreen, against a real temporary SQLite store loaded with the demo site
(``resources/sites/demo-batu.toml``, made always open). A morning of tickets is issued (one
service up to its quota), counters open and call, then each app is built with its
``build(...)``, driven through its screens the way a visitor or a clerk would (real clicks,
real store, real event feed), and grabbed at each size. For the kiosk's closed services the
site is reloaded with its real hours and the clock moved past noon. For "store down" every
store call the app makes fails, and its own feed watcher reports the store unreachable. The
clock is fixed and the marquee restarted before each grab, so every run draws the same pictures.

Writes ``screenshots/<app>-<screen>-<W>x<H>.png`` and prints the files written. Exits non-zero
when a screen never appears or Qt warns.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from shared.store import Store
from shared.ui.app import make_app
from tests.screenshots import admin, counter, display, kiosk, kiosk_more, reports
from tests.screenshots.common import OUT, Shots, morning


def main() -> int:
    warnings: list[str] = []

    def on_qt_message(kind: QtMsgType, _ctx: QMessageLogContext, message: str) -> None:
        if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):  # e.g. which FFmpeg QtMultimedia uses
            warnings.append(message)
            print(f"Qt: {message}", file=sys.stderr)

    previous = qInstallMessageHandler(on_qt_message)
    app = make_app("Antre Screenshots")
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    shots = Shots(app, OUT)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="antre-shots-") as tmp:
        store = Store.open(f"sqlite:///{Path(tmp) / 'antre.db'}")
        try:
            morning(store)
            display.shoot(shots, store)
            kiosk.shoot(shots, store)
            kiosk_more.shoot(shots)  # search, logos, past closing: each on a store of its own
            counter.shoot(shots, store)
            reports.shoot(shots, store)  # before the busy floor calls the rest of the queue
            display.shoot_busy(shots, store)
            kiosk.shoot_calendar(shots, store)
            admin.shoot(shots, store)
            shots.pump(50)  # let the closed windows' last events go
        finally:
            store.dispose()
    qInstallMessageHandler(previous)

    for path in shots.written:
        print(path)
    print(f"{len(shots.written)} screenshots in {time.monotonic() - started:.1f} s")
    # Threads Python did not start (Qt's pool threads that once logged) show up as
    # _DummyThread placeholders that never go away; only Python threads can be left running.
    stray = [t.name for t in threading.enumerate()
             if t is not threading.main_thread() and not isinstance(t, threading._DummyThread)]
    problems = [*shots.problems, *(f"Qt warned: {m}" for m in warnings)]
    if stray:
        problems.append(f"threads still running: {', '.join(stray)}")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
