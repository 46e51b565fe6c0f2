"""The display screens: the whole hall's board (empty, a call flashing, the call, the store
down), a floor's board with the media pane, a board whose voice is missing, and (shot last,
since they call more visitors) the counter grid and a board whose voice is behind."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter

from display import source
from display.app import DisplayApp
from display.app import build as build_display
from display.board import Call, Scope
from shared import rules
from shared.store import Store
from shared.ui import translation
from shared.voice.announcer import Progress
from shared.voice.backlog import Form
from shared.voice.settings import from_section
from tests.screenshots.common import (
    CALLS,
    DISPLAY_SIZES,
    LANDSCAPE,
    NOW,
    Feeds,
    FixedClock,
    OutageStore,
    Shots,
    call_round,
    store_comes_back,
    store_goes_down,
)

POSTERS = (
    ("Layanan di MPP gratis", "Tidak ada biaya di luar tarif resmi", "#0E6E55"),
    ("Siapkan dokumen asli", "dan fotokopi sebelum nomor Anda dipanggil", "#7A2E8C"),
)


def make_posters(folder: Path) -> None:
    """Two information slides for the media pane, drawn here (no third-party pictures)."""
    for i, (title, line, color) in enumerate(POSTERS, 1):
        img = QImage(1600, 900, QImage.Format.Format_RGB32)
        p = QPainter(img)
        grad = QLinearGradient(0, 0, 1600, 900)
        grad.setColorAt(0, QColor(color))
        grad.setColorAt(1, QColor(color).darker(170))
        p.fillRect(img.rect(), grad)
        p.setPen(QColor("#FFFFFF"))
        font = QFont("DejaVu Sans")
        font.setPixelSize(120)
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRect(80, 200, 1440, 300), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, title)
        font.setPixelSize(64)
        font.setBold(False)
        p.setFont(font)
        p.drawText(QRect(80, 520, 1440, 200), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, line)
        p.end()
        img.save(str(folder / f"{i:02d}-info.png"))


def shoot(shots: Shots, store: Store) -> None:
    feeds = Feeds(store)
    clock = FixedClock(NOW)
    outage = OutageStore.over(store)
    display = build_display(outage, clock=clock, feed_factory=feeds)
    w = display.window

    def still_marquee() -> None:
        # Restart the running text at its first letter, so every run draws the same frame.
        w.marquee.set_text(w.marquee.text())

    def flash_on() -> None:
        if not w.flashing:  # the flash of the last call is over: call the number again
            with store.transaction() as s:
                rules.recall(s, CALLS[-1], now=NOW)
        shots.wait(lambda: bool(w.call_panel.property("flash")), "the board to flash")
        still_marquee()

    def flash_off() -> None:
        shots.wait(lambda: not w.flashing, "the flash to end")
        still_marquee()

    try:
        w.resize(*LANDSCAPE)
        w.show()
        display.start()
        shots.wait(lambda: display.controller.site is not None and w.empty.isVisible(),
                   "the empty board")
        shots.grab(w, "display", "empty", DISPLAY_SIZES, still_marquee)

        last = call_round(store)
        shots.wait(lambda: w.code.text() == last and all(r.isVisibleTo(w) for r in w.rows),
                   f"{last} on the board")
        with store.reading() as s:
            counts = source.waiting_counts(s, rules.business_day(rules.load_site(s), NOW))
        shots.wait(lambda: display.controller.state.waiting == counts, "the waiting counts after the calls")
        shots.grab(w, "display", "flash", DISPLAY_SIZES, flash_on)
        shots.grab(w, "display", "call", DISPLAY_SIZES, flash_off)

        store_goes_down(shots, outage, feeds, display.worker)
        shots.wait(lambda: w.offline.isVisible(), "the offline marker")
        shots.grab(w, "display", "store-down", DISPLAY_SIZES, flash_off)
        store_comes_back(outage, feeds)
    finally:
        display.stop()
        w.close()

    # The same hall on a board set to English (--lang en): rebuilt from the store.
    translation.install("display", "en")
    english = build_display(store, clock=clock, feed_factory=Feeds(store))
    try:
        english.window.resize(*LANDSCAPE)
        english.window.show()
        english.start()
        shots.wait(lambda: english.window.code.text() == last and not english.window.flashing,
                   "the English board")
        marquee = english.window.marquee
        shots.grab(english.window, "display", "call-english", DISPLAY_SIZES,
                   lambda: marquee.set_text(marquee.text()))
    finally:
        english.stop()
        english.window.close()
        translation.install("display", "id")

    with tempfile.TemporaryDirectory(prefix="antre-media-") as media:
        make_posters(Path(media))
        floor = build_display(store, clock=clock, scope=Scope(zone="Lantai 2"), media_dir=Path(media))
        _shoot_board(shots, floor, "zone-media",
                     lambda app: app.controller.state.latest is not None and bool(app.window.chips))
    quiet = build_display(store, clock=clock, voice=from_section({"engine": "none"}))
    _shoot_board(shots, quiet, "no-voice", lambda app: app.window.staff_mark.isVisible())


def _shoot_board(shots: Shots, app: DisplayApp, screen: str, ready: object) -> None:
    w = app.window

    def settle() -> None:
        shots.wait(lambda: not w.flashing, "the flash to end")
        w.marquee.set_text(w.marquee.text())

    try:
        w.resize(*LANDSCAPE)
        w.show()
        app.start()
        shots.wait(lambda: app.controller.site is not None and bool(ready(app)),  # type: ignore[operator]
                   f"the {screen} board")
        shots.grab(w, "display", screen, DISPLAY_SIZES, settle)
    finally:
        app.stop()
        w.close()


class _Recorder:
    """The voice port, recording what it is asked to say (the backlog shot marks those)."""

    def __init__(self) -> None:
        self.keys: list[object] = []

    def announce(self, text: str, call: Call, short: str = "") -> None:
        self.keys.append(call.key)


def shoot_busy(shots: Shots, store: Store) -> None:
    """The counter grid, and a backlog: calls come faster than the voice can read them."""
    clock = FixedClock(NOW)
    grid = build_display(store, clock=clock, layout="loket")
    _shoot_board(shots, grid, "grid", lambda app: len(app.window.tiles) > 0)

    recorder = _Recorder()
    busy = build_display(store, clock=clock, announcer=recorder)
    w = busy.window
    try:
        w.resize(*LANDSCAPE)
        w.show()
        busy.start()
        shots.wait(lambda: busy.controller.site is not None and w.code.isVisible(), "the board")
        with store.reading() as s:
            idle = [c.code for c in rules.status(s, now=NOW).counters if c.state == "open" and not c.current]
        for code in idle[:5]:  # five counters call within seconds
            with store.transaction() as s:
                rules.call_next(s, code, now=NOW)
        shots.wait(lambda: len(recorder.keys) >= 5, "five live calls")
        keys = recorder.keys
        # The voice is on the first of them; the other four wait their turn.
        w.show_voice(Progress(speaking=keys[0], waiting=tuple(keys[1:]), form=Form.SHORT))

        def settle() -> None:
            shots.wait(lambda: not w.flashing, "the flash to end")
            w.marquee.set_text(w.marquee.text())

        shots.grab(w, "display", "backlog", DISPLAY_SIZES, settle)
    finally:
        busy.stop()
        w.close()
