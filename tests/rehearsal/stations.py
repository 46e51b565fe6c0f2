"""The rehearsal's Qt stations, each a process of its own, offscreen:
``python -m tests.rehearsal.stations kiosk|display ARGS_JSON``.

- **kiosk**: the real kiosk (``kiosk.app.build``: window, controller, worker, the station
  printer) with its receipt printer, a stand-in ESC/POS printer on loopback
  (:class:`tests.service.printer_peer.LoopbackPrinter`, answering DLE EOT status) living in
  this process. Each visitor taps the agency's tile and the service's button with real mouse
  events at their planned moment; when the kiosk says the printer is in trouble they take a
  number without a receipt, as the notice offers. The printer's faults (a stall, paper out)
  come at their planned moments.
- **display**: the real wall display (``display.app.build``: feed, reducer, board widget,
  the voice queue with pyttsx3/espeak-ng synthesising every sentence). No speaker: the sink
  "plays" each WAV for its real duration divided by the rehearsal's speed, and the voice's
  pauses are compressed the same way.

Every station writes what it saw to its log (JSON lines, with monotonic moments).
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from tests import when
from tests.rehearsal.counters import Log, await_clock, instant_key

TAP_TIMEOUT_S = 30.0


def _qt() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from shared.ui.app import make_app

    return make_app("Antre Gladi")


def _pump(app: Any, seconds: float = 0.0) -> None:
    from PySide6.QtCore import QEventLoop

    end = time.monotonic() + seconds
    while True:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if time.monotonic() >= end:
            return
        time.sleep(0.003)


def _pump_until(app: Any, ready: Any, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not ready():
        if time.monotonic() > deadline:
            return False
        _pump(app)
        time.sleep(0.002)
    return True


# --- the kiosk ----------------------------------------------------------------------------


def kiosk(args: dict[str, Any]) -> int:
    qt = _qt()
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.app import build
    from kiosk.printer import StationPrinter
    from shared.printing import PrinterSettings
    from shared.store import Store
    from tests.service.printer_peer import LoopbackPrinter

    log = Log(Path(args["log"]))
    clock = await_clock(args, log)
    printer = LoopbackPrinter()
    store = Store.open(args["url"], trust_station_clock=True)
    settings = PrinterSettings(
        connection="network",
        host="127.0.0.1",
        port=printer.port,
        timeout=float(args.get("printer_timeout", 2.0)),
    )
    app = build(store, clock=clock, printer=StationPrinter(store, settings, clock))
    w, ctl = app.window, app.controller
    outcome: list[tuple[str, Any]] = []
    ctl.ticket_issued.connect(lambda issued, printing: outcome.append(("issued", (issued, printing))))
    ctl.receipt_printed.connect(
        lambda issued, _r: log.write(event="printed", ticket_id=issued.ticket.id, code=issued.ticket.code)
    )
    ctl.print_failed.connect(
        lambda issued, msg: log.write(
            event="print_failed", ticket_id=issued.ticket.id, code=issued.ticket.code, message=msg
        )
    )
    ctl.printer_trouble.connect(lambda trouble: outcome.append(("trouble", trouble.cause)))
    ctl.issue_refused.connect(lambda msg: outcome.append(("refused", msg)))
    ctl.out_of_service.connect(lambda msg: (outcome.append(("out", msg)), log.write(event="out_of_service")))
    ctl.back_in_service.connect(lambda: log.write(event="back_in_service"))
    w.resize(1920, 1080)
    w.show()
    app.start()
    _pump_until(qt, lambda: w.page == "home", 60)
    log.write(event="started", pid=os.getpid(), page=w.page)

    faults = sorted((float(a), kind, float(b)) for kind, a, b in args["printer_faults"])
    ends: list[tuple[float, str]] = []
    pending = collections.deque((dt.datetime.fromisoformat(at), svc) for at, svc in args["arrivals"])
    agency_of: dict[str, str] = args["agency_of"]
    stop_after = float(args["stop_after"])
    try:
        while clock.elapsed() < stop_after:
            now_s = clock.elapsed()
            while faults and faults[0][0] <= now_s:
                at, kind, length = faults.pop(0)
                _printer_fault(printer, kind, on=True)
                log.write(event="fault", kind=kind, on=True)
                ends.append((at + length, kind))
            for end in [e for e in ends if e[0] <= now_s]:
                ends.remove(end)
                _printer_fault(printer, end[1], on=False)
                log.write(event="fault", kind=end[1], on=False)
            if not pending or pending[0][0] > clock():
                _pump(qt, 0.01)
                continue
            arrival, service = pending[0]
            result = _tap(qt, app, agency_of[service], service, outcome, QTest, Qt)
            if result is None:
                log.write(event="tap_failed", service=service, page=w.page)
                _pump(qt, 0.5)
                continue
            kind, value = result
            if kind == "issued":
                issued, printing = value
                pending.popleft()
                t = issued.ticket
                log.write(
                    event="issued",
                    ticket_id=t.id,
                    code=t.code,
                    number=t.number,
                    service=service,
                    day=t.business_day.isoformat(),
                    receipt=printing,
                    arrival=arrival.isoformat(),
                    sim=clock().isoformat(),
                )
            else:
                log.write(event=kind, service=service, detail=str(value))
                _pump(qt, 0.3 if kind == "refused" else 0.5)
    finally:
        app.stop()
        w.close()
        qt.processEvents()
        log.write(event="stopped", receipts=len(printer.jobs))
        printer.close()
        store.dispose()
    return 0


def _printer_fault(printer: Any, kind: str, *, on: bool) -> None:
    if kind == "printer_stall":
        printer.mode = "stall" if on else "normal"
    elif kind == "paper_out":
        printer.paper = "out" if on else "ok"


def _tap(
    qt: Any, app: Any, agency: str, service: str, outcome: list[tuple[str, Any]], qtest: Any, qt_ns: Any
) -> tuple[str, Any] | None:
    """One visitor at the kiosk: tile, button; without a receipt when the printer is in
    trouble. The kiosk's answer, or None when it could not be asked (out of service)."""
    w = app.window
    if not _pump_until(qt, lambda: not app.controller.issuing, TAP_TIMEOUT_S):
        return None
    w.go_home(reset=True)
    if not _pump_until(qt, lambda: w.page == "home" and w.home.tile_for(agency) is not None, 2.0):
        return None
    outcome.clear()
    qtest.mouseClick(w.home.tile_for(agency), qt_ns.MouseButton.LeftButton)
    # An agency with one service takes the number at the tile's tap; otherwise its page
    # shows the services' buttons.
    button: list[Any] = []

    def next_step() -> bool:
        if outcome or app.controller.issuing:
            return True
        found = w.agency.button_for(service) if w.page == "agency" else None
        if found is not None and found.isEnabled():
            button.append(found)
            return True
        return False

    if not _pump_until(qt, next_step, 5.0):
        return None
    if button and not outcome and not app.controller.issuing:
        qtest.mouseClick(button[0], qt_ns.MouseButton.LeftButton)
    if not _pump_until(qt, lambda: bool(outcome), TAP_TIMEOUT_S):
        return ("stuck", w.page)
    kind, value = outcome[0]
    if kind == "trouble":  # "take a number without a receipt", as the notice offers
        outcome.clear()
        if not _pump_until(qt, lambda: w.page == "notice" and w.notice.other.isVisible(), 5.0):
            return ("trouble", value)
        qtest.mouseClick(w.notice.other, qt_ns.MouseButton.LeftButton)
        if not _pump_until(qt, lambda: bool(outcome), TAP_TIMEOUT_S):
            return ("stuck", w.page)
        kind, value = outcome[0]
    return (kind, value)


# --- the display --------------------------------------------------------------------------


def display(args: dict[str, Any]) -> int:
    qt = _qt()
    from display.app import build
    from shared.store import Store
    from shared.voice.engine import wav_duration
    from shared.voice.settings import VoiceSettings

    log = Log(Path(args["log"]))
    clock = await_clock(args, log)
    speed = clock.speed

    class TimedSink:
        """No speaker: each WAV 'plays' for its real duration, compressed."""

        voice: Any = None

        def play(self, path: Any, started: Any, finished: Any) -> None:
            if path.name != "chime.wav" and self.voice is not None:
                log.write(event="spoken", ticket_id=self.voice.queue.progress.speaking)
            started()
            threading.Timer(wav_duration(path) / speed, finished, args=(True,)).start()

    sink = TimedSink()
    store = Store.open(args["url"], trust_station_clock=True)
    board = build(
        store, clock=clock, voice=VoiceSettings(), sink=sink, voice_sleep=lambda s: time.sleep(s / speed)
    )
    sink.voice = board.voice
    w, ctl = board.window, board.controller
    day: list[Any] = [None]

    on_board_seen: set[tuple[Any, str]] = set()

    def on_board(state: Any) -> None:
        for call in state.calls:  # a rebuilt board shows calls it never flashed
            key = (call.ticket_id, call.at.isoformat())
            if call.ticket_id is not None and key not in on_board_seen:
                on_board_seen.add(key)
                log.write(event="on_board", ticket_id=call.ticket_id, code=call.code, at=instant_key(call.at))
        if state.business_day != day[0]:
            day[0] = state.business_day
            log.write(
                event="day",
                day=state.business_day.isoformat() if state.business_day else None,
                calls=len(state.calls),
            )

    ctl.called.connect(
        lambda call: log.write(
            event="shown",
            ticket_id=call.ticket_id,
            code=call.code,
            counter=call.counter,
            recalled=call.recalled,
            at=instant_key(call.at),
        )
    )
    ctl.board_changed.connect(on_board)
    ctl.store_available.connect(lambda ok: log.write(event="store", ok=bool(ok)))
    w.resize(1920, 1080)
    w.show()
    board.start()
    _pump_until(qt, lambda: ctl.site is not None, 60)
    voice = board.voice
    ready = voice is not None and _pump_until(qt, lambda: voice.queue.settled, 60)
    log.write(
        event="started", pid=os.getpid(), voice=voice.status if voice is not None else "none", ready=ready
    )
    stop_after = float(args["stop_after"])
    try:
        while clock.elapsed() < stop_after:
            _pump(qt, 0.02)
        if voice is not None:  # the last sentences
            _pump_until(qt, lambda: voice.queue.wait_idle(0), 30)
    finally:
        board.stop()
        w.close()
        qt.processEvents()
        log.write(event="stopped")
        store.dispose()
    return 0


def main(argv: list[str]) -> int:
    when.shift_wall_clock()
    kind, raw = argv
    args = json.loads(raw)
    return kiosk(args) if kind == "kiosk" else display(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
